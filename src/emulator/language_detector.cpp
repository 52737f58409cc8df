#include "emulator/language_detector.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <map>
#include <set>

namespace smp::emulator {
namespace {

// Decodes one UTF-8 code point at `i`; returns 0xFFFD and advances one byte on invalid input.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  auto cont = [&](std::size_t k) -> int {
    if (i + k >= s.size()) return -1;
    const auto b = static_cast<unsigned char>(s[i + k]);
    return (b & 0xC0) == 0x80 ? (b & 0x3F) : -1;
  };
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int n = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0)
    n = 1, cp = b0 & 0x1F;
  else if ((b0 & 0xF0) == 0xE0)
    n = 2, cp = b0 & 0x0F;
  else if ((b0 & 0xF8) == 0xF0)
    n = 3, cp = b0 & 0x07;
  else {
    ++i;
    return 0xFFFD;
  }
  for (int k = 1; k <= n; ++k) {
    const int c = cont(static_cast<std::size_t>(k));
    if (c < 0) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | static_cast<char32_t>(c);
  }
  i += static_cast<std::size_t>(n) + 1;
  return cp;
}

enum class Script {
  latin,
  kana,
  hangul,
  han,
  cyrillic,
  arabic,
  greek,
  hebrew,
  thai,
  devanagari,
  other
};

Script script_of(char32_t c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
      (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7))
    return Script::latin;
  if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) || (c >= 0xFF66 && c <= 0xFF9D))
    return Script::kana;
  if ((c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F))
    return Script::hangul;
  if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF))
    return Script::han;
  if (c >= 0x0400 && c <= 0x04FF) return Script::cyrillic;
  if ((c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F)) return Script::arabic;
  if (c >= 0x0370 && c <= 0x03FF) return Script::greek;
  if (c >= 0x0590 && c <= 0x05FF) return Script::hebrew;
  if (c >= 0x0E00 && c <= 0x0E7F) return Script::thai;
  if (c >= 0x0900 && c <= 0x097F) return Script::devanagari;
  return Script::other;
}

struct StopWords {
  std::string_view code;
  std::set<std::string_view> words;
};

// The most frequent function words of each Latin-script language we tell apart. Words shared by
// several languages count for each, so only the distinctive ones tip the balance.
const std::array<StopWords, 6>& stop_words() {
  static const std::array<StopWords, 6> lists{{
      {"en",
       {"the",  "and", "is",  "of",   "to",  "in", "it",   "that", "you",  "this",  "for", "with",
        "are",  "was", "be",  "have", "not", "on", "what", "how",  "my",   "your",  "i",   "we",
        "they", "he",  "she", "a",    "an",  "do", "does", "can",  "will", "there", "from"}},
      {"es",
       {"el",   "la",    "los",  "las", "de",   "que",     "y",  "en",   "es",  "por",  "un",
        "una",  "con",   "para", "del", "se",   "no",      "lo", "como", "mi",  "pero", "muy",
        "está", "estoy", "hola", "qué", "cómo", "gracias", "yo", "al",   "sus", "este", "esta"}},
      {"fr",
       {"le",  "la",   "les", "de",   "des",     "et",    "est",  "un", "une",  "que",  "en",
        "du",  "pour", "pas", "dans", "je",      "vous",  "nous", "il", "elle", "ce",   "qui",
        "sur", "avec", "au",  "aux",  "bonjour", "merci", "mon",  "ne", "très", "suis", "c'est"}},
      {"de", {"der", "die",   "das",   "und", "ist",  "nicht", "ein",  "eine", "ich", "zu",   "mit",
              "den", "von",   "sie",   "es",  "auf",  "für",   "dem",  "sich", "wie", "auch", "wir",
              "bin", "guten", "danke", "ja",  "nein", "haben", "wird", "sind", "im"}},
      {"it", {"il",     "lo",     "la",  "che", "e",     "di",    "un", "una",  "è",      "per",
              "non",    "sono",   "gli", "del", "della", "con",   "mi", "ciao", "grazie", "come",
              "questo", "questa", "sei", "ho",  "nel",   "anche", "io", "tu",   "molto",  "le"}},
      {"pt",
       {"o",     "a",    "os",   "as",   "de",  "que", "e",   "é",        "um",       "uma",  "não",
        "para",  "com",  "do",   "da",   "em",  "por", "olá", "obrigado", "obrigada", "você", "eu",
        "muito", "está", "isso", "como", "mas", "no",  "na",  "dos",      "das"}},
  }};
  return lists;
}

std::string lower_ascii(std::string_view word) {
  std::string out(word);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Letters that only some languages use.
void letter_hints(char32_t c, std::map<std::string_view, double>& scores) {
  switch (c) {
    case U'ñ':
    case U'¿':
    case U'¡':
      scores["es"] += 2;
      break;
    case U'ß':
    case U'ä':
    case U'ö':
    case U'ü':
      scores["de"] += 2;
      break;
    case U'ã':
    case U'õ':
      scores["pt"] += 2;
      break;
    case U'ç':
      scores["fr"] += 1;
      scores["pt"] += 1;
      break;
    case U'œ':
    case U'ê':
    case U'î':
    case U'û':
      scores["fr"] += 1.5;
      break;
    case U'ò':
    case U'ì':
      scores["it"] += 1.5;
      break;
    default:
      break;
  }
}

std::string_view latin_language(std::string_view text) {
  std::map<std::string_view, double> scores;
  std::string word;
  auto flush = [&] {
    if (word.empty()) return;
    const auto lowered = lower_ascii(word);
    for (const auto& list : stop_words())
      if (list.words.contains(lowered)) scores[list.code] += 1;
    word.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    const char32_t c = next_code_point(text, i);
    if (script_of(c) == Script::latin || c == '\'') {
      word.append(text.substr(start, i - start));
      letter_hints(c, scores);
    } else {
      flush();
    }
  }
  flush();
  std::string_view best = "en";
  double best_score = scores["en"];
  for (const auto& [code, score] : scores)
    if (score > best_score) best = code, best_score = score;
  return best;
}

double round_score(double v) {
  return std::round(v * 10000.0) / 10000.0;
}

}  // namespace

std::vector<LanguageScore> detect_languages(std::string_view text) {
  std::map<Script, std::size_t> counts;
  std::size_t letters = 0;
  for (std::size_t i = 0; i < text.size();) {
    const Script s = script_of(next_code_point(text, i));
    if (s == Script::other) continue;
    ++counts[s];
    ++letters;
  }
  if (letters == 0) return {{"en", 0.5}};
  // Japanese text mixes kana and kanji: any kana makes the ideographs Japanese too.
  if (counts.contains(Script::kana)) {
    counts[Script::kana] += counts[Script::han];
    counts.erase(Script::han);
  }
  std::map<std::string, double> by_language;
  for (const auto& [script, count] : counts) {
    std::string code;
    switch (script) {
      case Script::latin:
        code = std::string(latin_language(text));
        break;
      case Script::kana:
        code = "ja";
        break;
      case Script::hangul:
        code = "ko";
        break;
      case Script::han:
        code = "zh";
        break;
      case Script::cyrillic:
        code = "ru";
        break;
      case Script::arabic:
        code = "ar";
        break;
      case Script::greek:
        code = "el";
        break;
      case Script::hebrew:
        code = "he";
        break;
      case Script::thai:
        code = "th";
        break;
      case Script::devanagari:
        code = "hi";
        break;
      case Script::other:
        continue;
    }
    by_language[code] += static_cast<double>(count) / static_cast<double>(letters);
  }
  std::vector<LanguageScore> out;
  for (const auto& [code, share] : by_language)
    if (share >= 0.05)
      out.push_back(
          {code, round_score(std::min(0.99, 0.5 + share / 2.0 + (share > 0.9 ? 0.04 : 0.0)))});
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.score != b.score ? a.score > b.score : a.code < b.code;
  });
  if (out.empty()) out.push_back({"en", 0.5});
  return out;
}

}  // namespace smp::emulator
