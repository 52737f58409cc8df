#include "models/audio/language_tag.hpp"

#include "models/audio/code_points.hpp"

namespace smp::models {

std::string_view language_tag_from_script(std::string_view text) {
  std::size_t han = 0;
  std::size_t hangul = 0;
  std::size_t latin = 0;
  for (std::size_t i = 0; i < text.size();) {
    const CodePoint cp = decode_code_point(text, i);
    i += cp.length;
    if (is_hiragana_or_katakana(cp.value)) return "jp";
    if (is_han(cp.value))
      ++han;
    else if (is_hangul(cp.value))
      ++hangul;
    else if ((cp.value >= 'a' && cp.value <= 'z') || (cp.value >= 'A' && cp.value <= 'Z'))
      ++latin;
  }
  if (han == 0 && hangul == 0) return "en";
  if (hangul > han && hangul >= latin) return "ko";
  // One Han character carries about as much as a short Latin word; compare like with like.
  if (han * 4 >= latin) return "zh";
  return hangul * 4 >= latin ? "ko" : "en";
}

std::optional<std::string_view> language_tag_from_comprehend(std::string_view code) {
  if (code == "zh" || code == "zh-TW") return "zh";
  if (code == "en") return "en";
  if (code == "ja") return "jp";
  if (code == "ko") return "ko";
  if (code == "yue") return "yue";
  return std::nullopt;
}

std::string tag_text(std::string_view tag, std::string_view text) {
  std::string out;
  out.reserve(text.size() + tag.size() + 4);
  out += "<|";
  out += tag;
  out += "|>";
  out += text;
  return out;
}

}  // namespace smp::models
