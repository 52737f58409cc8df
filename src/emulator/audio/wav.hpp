#pragma once
// RIFF/WAVE files with PCM samples: what the emulator's TTS writes and its transcriber reads.
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace smp::emulator::audio {

struct PcmAudio {
  int sample_rate = 16000;
  std::vector<float> samples;  // mono in [-1, 1] (the first channel of a multi-channel file)
  double seconds() const {
    return sample_rate > 0 ? static_cast<double>(samples.size()) / sample_rate : 0.0;
  }
};

// A canonical 44-byte-header PCM file, 16-bit mono (samples clipped to [-1, 1]).
std::string encode_wav(const std::vector<float>& samples, int sample_rate);

// True when the bytes start like a RIFF/WAVE file.
bool looks_like_wav(std::string_view bytes);

// Decodes PCM (8/16/24/32-bit integer, 32-bit float; WAVE_FORMAT_EXTENSIBLE too). `consumed` is
// set to the bytes the file occupies, so concatenated files can be read one after another.
std::expected<PcmAudio, std::string> decode_wav(std::string_view bytes,
                                                std::size_t* consumed = nullptr);

}  // namespace smp::emulator::audio
