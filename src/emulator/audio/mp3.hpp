#pragma once
// Just enough MPEG audio for the emulator's speech: a writer of MPEG-2 Layer III (22.05 kHz,
// mono, 32 kbit/s) frames whose spectrum is given line by line, and a reader that walks any
// MPEG-1/2/2.5 Layer I–III stream (duration, frame count) and reads back the spectrum of frames
// written by the writer.
//
// A granule (576 samples) holds a set of MDCT lines at a fixed magnitude: each listed line is
// coded as ±1 in the count1 region with Huffman table B (four bits per quadruple plus sign bits),
// scale factors are zero and the global gain sets the loudness. Every MP3 decoder plays this as
// steady tones, one per listed line (line k sounds at about (k + 0.5) × 19.1 Hz).
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smp::emulator::audio {

inline constexpr int kMp3SampleRate = 22050;
inline constexpr int kMp3GranuleSamples = 576;
inline constexpr int kMp3Lines = 576;

// One granule: the MDCT lines that sound (each < kMp3Lines; duplicates ignored).
using Mp3Granule = std::vector<int>;

std::string encode_mp3(const std::vector<Mp3Granule>& granules);

struct Mp3Stream {
  std::size_t frames = 0;
  double seconds = 0;
  // Per granule, the lines read back when the frame is one of ours; nothing for other frames.
  std::vector<std::optional<Mp3Granule>> granules;
  double granule_seconds = static_cast<double>(kMp3GranuleSamples) / kMp3SampleRate;
};

// True when the bytes start with an ID3v2 tag or an MPEG audio frame header that is followed by
// another one (or ends the input).
bool looks_like_mp3(std::string_view bytes);

std::expected<Mp3Stream, std::string> read_mp3(std::string_view bytes);

}  // namespace smp::emulator::audio
