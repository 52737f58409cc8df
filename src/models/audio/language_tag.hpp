#pragma once
// The language tag CosyVoice's cross-lingual mode expects at the start of the text (<|zh|>,
// <|en|>, <|jp|>, <|yue|>, <|ko|>; user-needs.md §2.9). The seed plugin asks Amazon Comprehend;
// where Comprehend is not allowed (or not wanted) the script of the text decides, which is
// right for every tag but Cantonese (written in Han characters like Mandarin, so it reads as zh).
#include <optional>
#include <string>
#include <string_view>

namespace smp::models {

// "zh", "en", "jp", "ko" from the characters of `text`: any kana makes it Japanese (Japanese text
// mixes kana with Han), otherwise the most frequent of Han, Hangul and Latin letters; "en" when
// there are no letters at all.
std::string_view language_tag_from_script(std::string_view text);

// A Comprehend DetectDominantLanguage code ("zh", "zh-TW", "ja", "ko", "en", …) → the tag, or
// nullopt for a language CosyVoice has no tag for.
std::optional<std::string_view> language_tag_from_comprehend(std::string_view language_code);

// "<|tag|>text": the tts_text of a cross-lingual request.
std::string tag_text(std::string_view tag, std::string_view text);

}  // namespace smp::models
