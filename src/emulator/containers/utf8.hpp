#pragma once
// UTF-8 walking for the tokenizer and the JSON writer. Invalid bytes decode as U+FFFD one byte at
// a time, so a walk always advances and never reads past the end.
#include <cstddef>
#include <string>
#include <string_view>

namespace smp::emulator {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

// Decodes the code point at text[i] and advances i past it (i < text.size() required).
char32_t next_code_point(std::string_view text, std::size_t& i);

void append_utf8(std::string& out, char32_t code_point);

// Scripts written without spaces, where each character is a word of its own for our tokenizer
// (Han, Hiragana, Katakana, Hangul syllables, CJK punctuation and full-width forms).
bool is_unspaced_script(char32_t code_point);

// Letters and digits of any script (a coarse test: ASCII alnum, or any non-ASCII code point that
// is not punctuation, a symbol or a space in the ranges we know).
bool is_word_character(char32_t code_point);

}  // namespace smp::emulator
