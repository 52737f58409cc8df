#include "emulator/query_params.hpp"

#include "base/hex.hpp"

namespace smp::emulator {

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      const int hi = hex_digit_value(text[i + 1]);
      const int lo = hex_digit_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

QueryParams QueryParams::parse(std::string_view encoded) {
  QueryParams params;
  while (!encoded.empty()) {
    const auto amp = encoded.find('&');
    const std::string_view segment = encoded.substr(0, amp);
    encoded = amp == std::string_view::npos ? std::string_view{} : encoded.substr(amp + 1);
    if (segment.empty()) continue;
    const auto eq = segment.find('=');
    const std::string_view name = segment.substr(0, eq);
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view{} : segment.substr(eq + 1);
    params.add(percent_decode(name, true), percent_decode(value, true));
  }
  return params;
}

std::optional<std::string_view> QueryParams::get(std::string_view name) const {
  for (const auto& [n, v] : pairs_)
    if (n == name) return std::string_view(v);
  return std::nullopt;
}

}  // namespace smp::emulator
