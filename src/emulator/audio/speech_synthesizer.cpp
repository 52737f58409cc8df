#include "emulator/audio/speech_synthesizer.hpp"

#include <cmath>
#include <numbers>
#include <vector>

#include "emulator/audio/mp3.hpp"
#include "emulator/audio/speech_code.hpp"
#include "emulator/audio/wav.hpp"
#include "emulator/containers/deterministic.hpp"

namespace smp::emulator::audio {
namespace {

constexpr double kToneAmplitude = 0.45;
constexpr double kHumAmplitude = 0.08;
constexpr int kFadeSamples = 16;

int voice_variant(std::string_view voice) {
  return static_cast<int>(fnv1a64(voice) % 4);
}

}  // namespace

std::string synthesize_wav(std::string_view text, std::string_view voice) {
  const std::vector<int> symbols = message_symbols(text);
  const int per_symbol = static_cast<int>(std::lround(kWavSampleRate * kSymbolSeconds));
  const int silence = kWavSampleRate / 5;
  const double hum_hz = 100 + 50 * voice_variant(voice);  // a multiple of 50 Hz: orthogonal too
  std::vector<float> samples(static_cast<std::size_t>(silence), 0.0f);
  samples.reserve(samples.size() + symbols.size() * static_cast<std::size_t>(per_symbol) +
                  static_cast<std::size_t>(silence));
  const double two_pi = 2 * std::numbers::pi;
  std::size_t t = 0;  // samples since the message started (the hum runs continuously)
  for (int symbol : symbols) {
    const double hz = kToneBaseHz + kToneStepHz * symbol;
    for (int k = 0; k < per_symbol; ++k, ++t) {
      // A raised-cosine fade at both edges keeps the symbol changes free of clicks.
      const int edge = std::min(k, per_symbol - 1 - k);
      const double fade =
          edge >= kFadeSamples
              ? 1.0
              : 0.5 - 0.5 * std::cos(std::numbers::pi * (edge + 1) / (kFadeSamples + 1));
      const double tone = kToneAmplitude * fade * std::cos(two_pi * hz * k / kWavSampleRate);
      const double hum =
          kHumAmplitude * std::sin(two_pi * hum_hz * static_cast<double>(t) / kWavSampleRate);
      samples.push_back(static_cast<float>(tone + hum));
    }
  }
  samples.resize(samples.size() + static_cast<std::size_t>(silence), 0.0f);
  return encode_wav(samples, kWavSampleRate);
}

std::string synthesize_mp3(std::string_view text, std::string_view voice) {
  const std::vector<int> symbols = message_symbols(text);
  const int hum_line = 5 + 2 * voice_variant(voice);
  std::vector<Mp3Granule> granules(8);
  for (int symbol : symbols) {
    granules.push_back({hum_line, kMp3FirstDataLine + kMp3DataLineStep * symbol});
  }
  granules.resize(granules.size() + 8);
  return encode_mp3(granules);
}

std::string spoken_text(std::string_view tts_text) {
  std::string out;
  for (std::size_t i = 0; i < tts_text.size();) {
    if (tts_text.compare(i, 2, "<|") == 0) {
      const auto close = tts_text.find("|>", i + 2);
      if (close != std::string_view::npos && close - i <= 12) {
        i = close + 2;
        continue;
      }
    }
    out += tts_text[i++];
  }
  return out;
}

}  // namespace smp::emulator::audio
