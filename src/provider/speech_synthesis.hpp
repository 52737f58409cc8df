#pragma once
// Text to speech over a CosyVoice endpoint (user-needs.md §2.9, issue 4 item 5): the text is cut
// at sentence boundaries into pieces of at most `word_limit` units, up to `concurrency` pieces are
// synthesised at once, and each piece's audio goes to the sink in text order as soon as it and
// every piece before it are ready — the first audio plays while the rest is still being made.
// The container's presigned S3 URL is fetched here (or its audio body taken as is).
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "http/task.hpp"
#include "models/audio/preset_voices.hpp"
#include "provider/model_config.hpp"
#include "sagemaker/connection.hpp"

namespace smp::provider {

struct SpeakCall {
  std::string text;
  std::string voice;     // a preset role; "" → the language's default voice
  std::string language;  // BCP 47 hint for the default voice ("" → any)
};

struct SpeechOptions {
  std::size_t word_limit = 30;  // units per piece (CJK characters or words)
  std::size_t concurrency = 4;  // pieces in flight
  bool use_comprehend = true;   // cross-lingual tag from Comprehend, else from the script
  std::size_t max_audio_bytes = 32 * 1024 * 1024;  // per piece
};

// One piece's audio, in order. Returning an error stops the synthesis (the listener went away).
using AudioSink =
    std::function<http::Task<Result<void>>(std::string_view audio, std::string_view mime_type)>;

struct SpeechResult {
  std::size_t pieces = 0;
  std::size_t audio_bytes = 0;
  std::string mime_type;  // of the first piece ("audio/mpeg" for CosyVoice's MP3)
};

// `connection` is shared with the pieces still in flight when this returns early.
http::Task<Result<SpeechResult>> synthesize_speech(
    std::shared_ptr<sagemaker::Connection> connection, const ModelConfig& config, SpeakCall call,
    AudioSink sink, SpeechOptions options = {});

// The voices a TTS model offers for `language` (never empty): the preset roles of
// CosyVoice-300M-SFT; the clone modes speak in the reference recording's voice, so they offer one
// entry named after it.
std::vector<models::PresetVoice> tts_voices(const ModelConfig& config, std::string_view language);

}  // namespace smp::provider
