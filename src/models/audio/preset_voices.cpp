#include "models/audio/preset_voices.hpp"

#include <array>

namespace smp::models {
namespace {

constexpr std::array<PresetVoice, 7> kVoices{{
    {"中文女", "Chinese (female)", "zh-Hans"},
    {"中文男", "Chinese (male)", "zh-Hans"},
    {"英文女", "English (female)", "en-US"},
    {"英文男", "English (male)", "en-US"},
    {"日语男", "Japanese (male)", "ja-JP"},
    {"粤语女", "Cantonese (female)", "yue"},
    {"韩语女", "Korean (female)", "ko-KR"},
}};

bool language_matches(std::string_view voice, std::string_view wanted) {
  if (voice == wanted) return true;
  // "en" matches "en-US"; "zh-CN"/"zh-Hant" match "zh-Hans" by their primary subtag.
  const auto primary = [](std::string_view tag) { return tag.substr(0, tag.find('-')); };
  return primary(voice) == primary(wanted);
}

}  // namespace

std::span<const PresetVoice> preset_voices() {
  return kVoices;
}

std::vector<PresetVoice> voices_for_language(std::string_view language) {
  std::vector<PresetVoice> out;
  if (!language.empty())
    for (const auto& voice : kVoices)
      if (language_matches(voice.language, language)) out.push_back(voice);
  if (out.empty()) out.assign(kVoices.begin(), kVoices.end());
  return out;
}

std::string_view default_voice(std::string_view language) {
  return voices_for_language(language).front().role;
}

}  // namespace smp::models
