#pragma once
// Speech to text, emulator style: decodes the tones of the emulator's own speech
// (speech_synthesizer.hpp) back to the exact text, in WAV or MP3, including several files
// concatenated byte-wise (as the Dify plugin does with TTS pieces). Audio it did not make gets a
// plausible placeholder transcript; bytes that are not audio at all are an error.
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace smp::emulator::audio {

struct TranscriptSegment {
  double start_seconds = 0;
  double end_seconds = 0;
  std::string text;
};

struct Transcript {
  std::string text;
  std::vector<TranscriptSegment> segments;  // sentences, with Whisper-style timestamps
  double duration_seconds = 0;              // 0 when the container format was not parsed
  bool recognised = false;                  // false: the placeholder for foreign audio
};

// The error is the message a Python audio loader would raise ("Malformed soundfile").
std::expected<Transcript, std::string> transcribe(std::string_view bytes);

}  // namespace smp::emulator::audio
