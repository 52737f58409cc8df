// The audio formats under arbitrary bytes: CosyVoice and transcription replies from a container,
// and text from a user through the speech segmenter.
//
// Oracles beyond "no crash, no sanitizer report": a reply either parses or is an error with a
// message; the segmenter's pieces fit the limit, are non-empty, and never hold more bytes than
// the text.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "models/audio/audio_sniff.hpp"
#include "models/audio/cosyvoice_codec.hpp"
#include "models/audio/language_tag.hpp"
#include "models/audio/speech_segmenter.hpp"
#include "models/audio/transcription_codec.hpp"

using namespace smp::models;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::size_t limit = 1 + data[0] % 32;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);

  for (const auto type : {"application/json", "audio/mpeg"}) {
    const auto reply = parse_cosyvoice_response(bytes, type);
    if (!reply && reply.error().message.empty()) std::abort();
    if (reply && reply->audio.empty() && reply->audio_url.empty()) std::abort();
  }
  for (const auto format : {TranscriptionFormat::whisper, TranscriptionFormat::funasr}) {
    const auto transcript = parse_transcription_response(format, bytes);
    if (!transcript && transcript.error().message.empty()) std::abort();
  }
  (void)sniff_audio_type(bytes);
  (void)language_tag_from_script(bytes);

  std::size_t total = 0;
  for (const auto& piece : split_for_speech(bytes, limit)) {
    if (piece.empty() || speech_units(piece) > limit) std::abort();
    total += piece.size();
  }
  if (total > bytes.size()) std::abort();
  return 0;
}
