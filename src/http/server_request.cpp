#include "http/server_request.hpp"

#include "http/url.hpp"

namespace smp::http {

std::optional<std::string_view> ServerRequest::path_param(std::string_view name) const {
  for (const auto& [key, value] : path_params) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::string> ServerRequest::query_param(std::string_view name) const {
  std::string_view rest = query;
  while (!rest.empty()) {
    std::size_t amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
    std::size_t eq = pair.find('=');
    auto key = percent_decode(pair.substr(0, eq));
    if (!key || *key != name) continue;
    if (eq == std::string_view::npos) return std::string();
    return percent_decode(pair.substr(eq + 1));
  }
  return std::nullopt;
}

}  // namespace smp::http
