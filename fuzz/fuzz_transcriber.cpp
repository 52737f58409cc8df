// The emulator's transcriber (Whisper and FunASR containers) under arbitrary audio bytes: WAV
// chunk walking, MP3 frame walking and side-info reading, FSK demodulation and message framing.
// Oracles beyond "no crash, no sanitizer report": a transcript's segments lie inside the audio
// and, when recognised, their texts concatenate to a suffix-free part of the transcript.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "emulator/audio/transcriber.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto transcript = smp::emulator::audio::transcribe(bytes);
  if (!transcript) return 0;
  std::string joined;
  for (const auto& segment : transcript->segments) {
    if (segment.end_seconds < segment.start_seconds) std::abort();
    if (transcript->duration_seconds > 0 &&
        segment.end_seconds > transcript->duration_seconds + 1e-6) {
      std::abort();
    }
    joined += segment.text;
  }
  if (transcript->recognised && transcript->text.find(joined) == std::string::npos) std::abort();
  return 0;
}
