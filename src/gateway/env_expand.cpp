#include "gateway/env_expand.hpp"

#include <cctype>

namespace smp::gateway {
namespace {

bool valid_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

}  // namespace

Result<std::string> expand_variables(std::string_view text, const Environment& environment) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$' || i + 1 >= text.size()) {
      out += text[i];
      continue;
    }
    if (text[i + 1] == '$') {
      out += '$';
      ++i;
      continue;
    }
    if (text[i + 1] != '{') {
      out += '$';
      continue;
    }
    const auto close = text.find('}', i + 2);
    if (close == std::string_view::npos)
      return fail(ErrorKind::invalid_argument, "InvalidVariable",
                  "'${' without a closing '}' in \"" + std::string(text) + "\"");
    std::string_view inside = text.substr(i + 2, close - i - 2);
    std::string_view name = inside;
    std::optional<std::string_view> fallback;
    if (const auto sep = inside.find(":-"); sep != std::string_view::npos) {
      name = inside.substr(0, sep);
      fallback = inside.substr(sep + 2);
    }
    if (!valid_name(name))
      return fail(ErrorKind::invalid_argument, "InvalidVariable",
                  "'${" + std::string(inside) + "}' is not a valid variable reference");
    const auto value = environment.get(name);
    if (value) {
      out += *value;
    } else if (fallback) {
      out += *fallback;
    } else {
      return fail(ErrorKind::invalid_argument, "MissingVariable",
                  "environment variable " + std::string(name) + " is not set (write ${" +
                      std::string(name) + ":-default} to allow that)");
    }
    i = close;
  }
  return out;
}

}  // namespace smp::gateway
