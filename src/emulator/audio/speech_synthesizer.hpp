#pragma once
// Text to speech, emulator style: a real audio file any player opens, whose tones carry the text
// (speech_code.hpp) so that the emulator's transcriber returns it exactly. A voice is a low hum
// under the tones whose pitch depends on the voice name, so different voices sound different.
//
// WAV: 16 kHz mono 16-bit PCM, 20 ms per symbol, tones at 700 + 100·s Hz (an integer number of
//      cycles per symbol, so the 16 tones are orthogonal), 0.2 s of silence at each end.
// MP3: MPEG-2 Layer III at 22.05 kHz, one granule (26 ms) per symbol sounding MDCT line
//      36 + 5·s, 8 silent granules at each end.
#include <string>
#include <string_view>

namespace smp::emulator::audio {

inline constexpr int kWavSampleRate = 16000;
inline constexpr double kSymbolSeconds = 0.020;
inline constexpr double kToneBaseHz = 700;
inline constexpr double kToneStepHz = 100;
inline constexpr int kMp3FirstDataLine = 36;
inline constexpr int kMp3DataLineStep = 5;

std::string synthesize_wav(std::string_view text, std::string_view voice = {});
std::string synthesize_mp3(std::string_view text, std::string_view voice = {});

// The words a TTS model speaks for a request text: CosyVoice's language tags (<|en|>, <|zh|>…)
// are instructions, not words.
std::string spoken_text(std::string_view tts_text);

}  // namespace smp::emulator::audio
