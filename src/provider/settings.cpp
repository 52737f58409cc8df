#include "provider/settings.hpp"

namespace smp::provider {

std::optional<std::string_view> setting(const Settings& settings, std::string_view key) {
  auto it = settings.find(key);
  if (it == settings.end()) return std::nullopt;
  std::string_view value = it->second;
  auto first = value.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return std::nullopt;
  auto last = value.find_last_not_of(" \t\r\n");
  return value.substr(first, last - first + 1);
}

}  // namespace smp::provider
