#pragma once
// The four CosyVoice deployments the seed plugin's `audio_model_type` field names
// (user-needs.md §2.9): which fields a request carries depends on the model behind the endpoint.
#include <string_view>

#include "base/error.hpp"

namespace smp::models {

enum class VoiceMode {
  preset,               // CosyVoice-300M-SFT: tts_text + role
  clone,                // CosyVoice-300M: tts_text + prompt_audio + prompt_text
  clone_cross_lingual,  // CosyVoice-300M: tts_text with a <|lang|> tag + prompt_audio
  instruct,             // CosyVoice-300M-Instruct: tts_text + role + instruct_text
};

// "PresetVoice", "CloneVoice", "CloneVoice_CrossLingual", "InstructVoice" (the form's values).
std::string_view to_string(VoiceMode mode);
Result<VoiceMode> parse_voice_mode(std::string_view name);

}  // namespace smp::models
