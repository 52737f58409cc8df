#pragma once
// Walks UTF-8 text one code point at a time. Invalid or truncated sequences come out as one byte
// of U+FFFD each, so callers that cut text at code point boundaries never produce broken UTF-8
// from valid input and never loop on invalid input.
#include <cstddef>
#include <string_view>

namespace smp::models {

struct CodePoint {
  char32_t value = 0;
  std::size_t length = 0;  // bytes, 1..4
};

// The code point starting at text[offset] (offset < text.size()).
CodePoint decode_code_point(std::string_view text, std::size_t offset);

// Scripts where one character is one unit of speech (Han, kana, hangul and their punctuation).
bool is_cjk(char32_t c);
bool is_hiragana_or_katakana(char32_t c);
bool is_hangul(char32_t c);
bool is_han(char32_t c);

}  // namespace smp::models
