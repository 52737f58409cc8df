#pragma once
// A small script-based language detector for the emulated Comprehend DetectDominantLanguage:
// kana → ja, hangul → ko, other CJK ideographs → zh, Cyrillic → ru, Arabic → ar, Greek → el,
// Hebrew → he, Thai → th, Devanagari → hi, and Latin → en unless the common words (and a few
// letters) of es, fr, de, it or pt dominate. Deterministic; input is untrusted UTF-8 (invalid
// bytes are skipped).
#include <string>
#include <string_view>
#include <vector>

namespace smp::emulator {

struct LanguageScore {
  std::string code;
  double score = 0;
};

// Sorted by score, highest first; never empty (text without letters answers "en").
std::vector<LanguageScore> detect_languages(std::string_view text);

}  // namespace smp::emulator
