#pragma once
// The speakers of CosyVoice-300M-SFT (the `role` of PresetVoice and InstructVoice requests). The
// container's GET /roles is not reachable through SageMaker, which routes only /invocations
// (user-needs.md F7), so the list is known here rather than discovered.
#include <span>
#include <string_view>
#include <vector>

namespace smp::models {

struct PresetVoice {
  std::string_view role;      // the value the container takes: "中文女"
  std::string_view name;      // shown to users: "Chinese (female)"
  std::string_view language;  // BCP 47: "zh-Hans", "en-US", …
};

std::span<const PresetVoice> preset_voices();

// The voices for a language ("zh-Hans", "en-US", "ja-JP", "ko-KR", "yue", or a prefix such as
// "en"); every voice for "" or a language with none of its own, so the list is never empty.
std::vector<PresetVoice> voices_for_language(std::string_view language);

// The first voice for the language (never empty): Dify rejects a TTS call without a voice.
std::string_view default_voice(std::string_view language);

}  // namespace smp::models
