#pragma once
// CosyVoice TTS container bodies (user-needs.md §2.9):
//
//   PresetVoice             {"tts_text":t,"role":voice}
//   CloneVoice              {"tts_text":t,"prompt_text":p,"prompt_audio":url}
//   CloneVoice_CrossLingual {"tts_text":"<|zh|>t","prompt_audio":url}
//   InstructVoice           {"tts_text":t,"role":voice,"instruct_text":i}
//
// The reply is {"s3_presign_url":"https://…"} (the container wrote MP3 to S3), or audio bytes
// themselves from containers that answer with an audio/* content type. A bad model_dir answers
// 200 with {"s3_presign_url":{"error":"invalid model_dir : …"}} and other failures
// {"error":"…"}: both are errors here, never an empty audio.
#include <string>
#include <string_view>

#include "base/error.hpp"
#include "models/audio/voice_mode.hpp"

namespace smp::models {

struct SpeechSegmentRequest {
  VoiceMode mode = VoiceMode::preset;
  std::string text;           // one piece from split_for_speech
  std::string voice;          // role: preset and instruct
  std::string prompt_audio;   // URL of the reference recording: clone modes
  std::string prompt_text;    // transcript of the reference: clone
  std::string instruct_text;  // style instruction: instruct
  std::string language_tag;   // "zh", "en", "jp", "yue", "ko": cross-lingual
};

// invalid_argument naming the missing field when the mode's required fields are empty.
Result<std::string> build_cosyvoice_request(const SpeechSegmentRequest& request);

struct SpeechSegmentReply {
  std::string audio_url;  // fetch this (presigned S3 GET) …
  std::string audio;      // … or these bytes came in the reply itself
  std::string mime_type;  // of `audio` when present; "audio/mpeg" for presigned MP3
};

Result<SpeechSegmentReply> parse_cosyvoice_response(std::string_view body,
                                                    std::string_view content_type);

}  // namespace smp::models
