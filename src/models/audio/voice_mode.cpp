#include "models/audio/voice_mode.hpp"

#include <array>
#include <string>
#include <utility>

namespace smp::models {
namespace {

constexpr std::array<std::pair<VoiceMode, std::string_view>, 4> kNames{{
    {VoiceMode::preset, "PresetVoice"},
    {VoiceMode::clone, "CloneVoice"},
    {VoiceMode::clone_cross_lingual, "CloneVoice_CrossLingual"},
    {VoiceMode::instruct, "InstructVoice"},
}};

}  // namespace

std::string_view to_string(VoiceMode mode) {
  for (const auto& [value, name] : kNames)
    if (value == mode) return name;
  return "PresetVoice";
}

Result<VoiceMode> parse_voice_mode(std::string_view name) {
  for (const auto& [value, known] : kNames)
    if (known == name) return value;
  return fail(ErrorKind::invalid_argument, "UnknownAudioModelType",
              "unknown audio_model_type '" + std::string(name) +
                  "': expected PresetVoice, CloneVoice, CloneVoice_CrossLingual or InstructVoice");
}

}  // namespace smp::models
