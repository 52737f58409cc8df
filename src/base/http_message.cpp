#include "base/http_message.hpp"

#include <algorithm>

namespace smp {

namespace {
char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

void Headers::set(std::string_view name, std::string value) {
  remove(name);
  fields_.emplace_back(std::string(name), std::move(value));
}

void Headers::remove(std::string_view name) {
  std::erase_if(fields_, [&](const Field& f) { return iequals(f.first, name); });
}

std::string& Headers::value_slot(std::string_view name) {
  const auto first = std::find_if(fields_.begin(), fields_.end(),
                                  [&](const Field& f) { return iequals(f.first, name); });
  if (first == fields_.end()) return fields_.emplace_back(std::string(name), std::string()).second;
  fields_.erase(std::remove_if(first + 1, fields_.end(),
                               [&](const Field& f) { return iequals(f.first, name); }),
                fields_.end());
  return first->second;
}

std::optional<std::string_view> Headers::get(std::string_view name) const {
  for (const auto& [k, v] : fields_) {
    if (iequals(k, name)) return std::string_view(v);
  }
  return std::nullopt;
}

}  // namespace smp
