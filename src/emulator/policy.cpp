#include "emulator/policy.hpp"

#include <cctype>

namespace smp::emulator {
namespace {

bool same_char(char a, char b, bool ignore_case) {
  if (!ignore_case) return a == b;
  return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text, bool ignore_case) {
  // Iterative matcher with one backtrack point: linear in practice, no recursion on hostile input.
  std::size_t p = 0, t = 0;
  std::size_t star = std::string_view::npos, resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() &&
               (pattern[p] == '?' || same_char(pattern[p], text[t], ignore_case))) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*')
    ++p;
  return p == pattern.size();
}

bool Policy::allows(std::string_view action, const ResourceRef& resource) const {
  if (!statements_) return true;
  for (const auto& statement : *statements_) {
    bool action_ok = false;
    for (const auto& a : statement.actions)
      if (glob_match(a, action, /*ignore_case=*/true)) action_ok = true;
    if (!action_ok) continue;
    for (const auto& r : statement.resources) {
      const bool is_arn = r.starts_with("arn:");
      if (glob_match(r, is_arn ? resource.arn : resource.name)) return true;
    }
  }
  return false;
}

}  // namespace smp::emulator
