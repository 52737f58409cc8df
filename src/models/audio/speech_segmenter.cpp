#include "models/audio/speech_segmenter.hpp"

#include <algorithm>

#include "models/audio/code_points.hpp"

namespace smp::models {
namespace {

bool is_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000;
}

bool ends_sentence(char32_t c) {
  switch (c) {
    case '.':
    case '!':
    case '?':
    case ';':
    case '\n':
    case U'。':
    case U'！':
    case U'？':
    case U'；':
    case U'…':
      return true;
    default:
      return false;
  }
}

bool ends_clause(char32_t c) {
  switch (c) {
    case ',':
    case ':':
    case U'，':
    case U'、':
    case U'：':
      return true;
    default:
      return false;
  }
}

// Text cut into runs that end after a boundary mark of the given strength.
std::vector<std::string_view> cut_after(std::string_view text, bool (*boundary)(char32_t)) {
  std::vector<std::string_view> runs;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size();) {
    const CodePoint cp = decode_code_point(text, i);
    i += cp.length;
    if (boundary(cp.value)) {
      // Keep closing quotes and repeated marks ("?!", "。」") with the sentence they end.
      while (i < text.size()) {
        const CodePoint next = decode_code_point(text, i);
        if (!boundary(next.value) && next.value != '"' && next.value != '\'' &&
            next.value != U'」' && next.value != U'”' && next.value != ')' && next.value != U'）')
          break;
        i += next.length;
      }
      runs.push_back(text.substr(start, i - start));
      start = i;
    }
  }
  if (start < text.size()) runs.push_back(text.substr(start));
  return runs;
}

std::string_view trim(std::string_view text) {
  std::size_t begin = 0;
  while (begin < text.size()) {
    const CodePoint cp = decode_code_point(text, begin);
    if (!is_space(cp.value)) break;
    begin += cp.length;
  }
  std::size_t end = text.size();
  while (end > begin) {
    // Step back to the start of the last code point.
    std::size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
      --start;
    if (!is_space(decode_code_point(text, start).value)) break;
    end = start;
  }
  return text.substr(begin, end - begin);
}

// Cuts a run with no usable boundary into pieces of at most max_units, at word or character
// boundaries.
void hard_split(std::string_view run, std::size_t max_units, std::vector<std::string>& out) {
  std::size_t piece_start = 0;
  std::size_t units = 0;
  bool in_word = false;
  for (std::size_t i = 0; i < run.size();) {
    const CodePoint cp = decode_code_point(run, i);
    const bool starts_unit = is_cjk(cp.value) || (!is_space(cp.value) && !in_word);
    if (starts_unit && units == max_units) {
      const auto piece = trim(run.substr(piece_start, i - piece_start));
      if (!piece.empty()) out.emplace_back(piece);
      piece_start = i;
      units = 0;
    }
    if (starts_unit) ++units;
    in_word = !is_space(cp.value) && !is_cjk(cp.value);
    i += cp.length;
  }
  const auto piece = trim(run.substr(piece_start));
  if (!piece.empty()) out.emplace_back(piece);
}

// Appends runs to `out`, packing consecutive runs into one piece while they fit.
void pack(const std::vector<std::string_view>& runs, std::size_t max_units,
          std::vector<std::string>& out, bool split_clauses) {
  std::string current;
  std::size_t current_units = 0;
  const auto flush = [&] {
    const auto piece = trim(current);
    if (!piece.empty()) out.emplace_back(piece);
    current.clear();
    current_units = 0;
  };
  for (const auto run : runs) {
    const std::size_t units = speech_units(run);
    if (units > max_units) {
      flush();
      if (split_clauses)
        pack(cut_after(run, ends_clause), max_units, out, false);
      else
        hard_split(run, max_units, out);
      continue;
    }
    if (current_units + units > max_units) flush();
    current += run;
    current_units += units;
  }
  flush();
}

}  // namespace

std::size_t speech_units(std::string_view text) {
  std::size_t units = 0;
  bool in_word = false;
  for (std::size_t i = 0; i < text.size();) {
    const CodePoint cp = decode_code_point(text, i);
    i += cp.length;
    if (is_cjk(cp.value)) {
      ++units;
      in_word = false;
    } else if (is_space(cp.value)) {
      in_word = false;
    } else if (!in_word) {
      ++units;
      in_word = true;
    }
  }
  return units;
}

std::vector<std::string> split_for_speech(std::string_view text, std::size_t max_units) {
  max_units = std::max<std::size_t>(max_units, 1);
  std::vector<std::string> pieces;
  pack(cut_after(text, ends_sentence), max_units, pieces, true);
  return pieces;
}

}  // namespace smp::models
