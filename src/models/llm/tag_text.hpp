#pragma once
// Helpers for finding markup tags (<think>, <tool_call>) in text that arrives in pieces.
#include <algorithm>
#include <cstddef>
#include <string_view>

namespace smp::models {

// The length of the longest suffix of `text` that is a proper prefix of `tag`: bytes that must
// be held back because the next piece may complete the tag.
inline std::size_t partial_tag_suffix(std::string_view text, std::string_view tag) {
  const std::size_t longest = std::min(text.size(), tag.size() - 1);
  for (std::size_t n = longest; n > 0; --n) {
    if (text.substr(text.size() - n) == tag.substr(0, n)) return n;
  }
  return 0;
}

inline bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace smp::models
