#include "emulator/containers/text_tokens.hpp"

#include "emulator/containers/deterministic.hpp"
#include "emulator/containers/utf8.hpp"

namespace smp::emulator {
namespace {

bool is_space(char32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
         cp == 0xA0 || cp == 0x3000;
}

bool is_spaced_word(char32_t cp) {
  return is_word_character(cp) && !is_unspaced_script(cp);
}

// Calls emit(begin, end, kind) for each unit: a whitespace run, a spaced word run, or one other
// character (unspaced script or punctuation).
enum class Unit { space, word, single };

template <class Emit>
void for_each_unit(std::string_view text, Emit&& emit) {
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t begin = i;
    const char32_t cp = next_code_point(text, i);
    if (is_space(cp) || is_spaced_word(cp)) {
      const bool space = is_space(cp);
      std::size_t end = i;
      while (end < text.size()) {
        std::size_t next = end;
        const char32_t following = next_code_point(text, next);
        if (space ? !is_space(following) : !is_spaced_word(following)) break;
        end = next;
      }
      emit(begin, end, space ? Unit::space : Unit::word);
      i = end;
    } else {
      emit(begin, i, Unit::single);
    }
  }
}

}  // namespace

std::vector<std::string> tokenize(std::string_view text) {
  std::vector<std::string> tokens;
  std::size_t pending_space_begin = std::string_view::npos;
  for_each_unit(text, [&](std::size_t begin, std::size_t end, Unit unit) {
    if (unit == Unit::space) {
      pending_space_begin = begin;
      return;
    }
    const std::size_t from =
        pending_space_begin != std::string_view::npos ? pending_space_begin : begin;
    tokens.emplace_back(text.substr(from, end - from));
    pending_space_begin = std::string_view::npos;
  });
  if (pending_space_begin != std::string_view::npos) {
    tokens.emplace_back(text.substr(pending_space_begin));
  }
  return tokens;
}

std::size_t count_tokens(std::string_view text) {
  std::size_t count = 0;
  bool pending_space = false;
  for_each_unit(text, [&](std::size_t, std::size_t, Unit unit) {
    if (unit == Unit::space) {
      pending_space = true;
      return;
    }
    ++count;
    pending_space = false;
  });
  return count + (pending_space ? 1 : 0);
}

std::int64_t token_id(std::string_view token) {
  return 100 + static_cast<std::int64_t>(fnv1a64(token) % (151936 - 100));
}

std::vector<std::string> word_terms(std::string_view text) {
  std::vector<std::string> terms;
  for_each_unit(text, [&](std::size_t begin, std::size_t end, Unit unit) {
    if (unit == Unit::space) return;
    std::string term(text.substr(begin, end - begin));
    if (unit == Unit::single) {
      std::size_t i = 0;
      const char32_t cp = next_code_point(term, i);
      if (!is_word_character(cp)) return;  // punctuation is not a term
    }
    for (char& c : term) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    terms.push_back(std::move(term));
  });
  return terms;
}

}  // namespace smp::emulator
