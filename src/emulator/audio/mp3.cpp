#include "emulator/audio/mp3.hpp"

#include <algorithm>
#include <array>

namespace smp::emulator::audio {
namespace {

constexpr int kBitrateKbps = 32;
constexpr int kGlobalGain = 196;  // line magnitude 2^((196-210)/4) ≈ 0.09 of full scale
constexpr std::size_t kFrameBytes = 72 * kBitrateKbps * 1000 / kMp3SampleRate;  // 104
constexpr std::size_t kSideInfoBytes = 9;                                       // MPEG-2, mono

class BitWriter {
 public:
  void put(std::uint32_t value, int bits) {
    for (int i = bits - 1; i >= 0; --i) {
      if (used_ % 8 == 0) bytes_.push_back(0);
      if ((value >> i) & 1)
        bytes_.back() = static_cast<char>(bytes_.back() | (0x80 >> (used_ % 8)));
      ++used_;
    }
  }
  std::size_t bits() const { return used_; }
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
  std::size_t used_ = 0;
};

class BitReader {
 public:
  BitReader(std::string_view bytes, std::size_t limit_bits)
      : bytes_(bytes), limit_(std::min(limit_bits, bytes.size() * 8)) {}
  bool has(std::size_t n) const { return at_ + n <= limit_; }
  std::uint32_t get(int bits) {
    std::uint32_t v = 0;
    for (int i = 0; i < bits; ++i, ++at_) {
      v = (v << 1) | ((static_cast<unsigned char>(bytes_[at_ / 8]) >> (7 - at_ % 8)) & 1);
    }
    return v;
  }
  std::size_t position() const { return at_; }

 private:
  std::string_view bytes_;
  std::size_t limit_;
  std::size_t at_ = 0;
};

// Huffman bits of a granule: count1 quadruples through the highest listed line, table B.
BitWriter granule_bits(const Mp3Granule& granule) {
  std::array<bool, kMp3Lines> on{};
  int highest = -1;
  for (int line : granule) {
    if (line < 0 || line >= kMp3Lines) continue;
    on[static_cast<std::size_t>(line)] = true;
    highest = std::max(highest, line);
  }
  BitWriter bits;
  for (int quad = 0; quad * 4 <= highest; ++quad) {
    unsigned pattern = 0;
    for (int k = 0; k < 4; ++k)
      pattern = (pattern << 1) | (on[static_cast<std::size_t>(quad * 4 + k)] ? 1u : 0u);
    bits.put(~pattern & 0xF, 4);
    for (int k = 0; k < 4; ++k) {
      if (on[static_cast<std::size_t>(quad * 4 + k)])
        bits.put((quad + k) & 1, 1);  // alternate signs
    }
  }
  return bits;
}

struct FrameHeader {
  int version = 0;  // 1, 2 or 25 (MPEG-2.5)
  int layer = 0;
  bool crc = false;
  int bitrate = 0;  // kbit/s
  int sample_rate = 0;
  bool padding = false;
  bool mono = false;
  std::size_t length = 0;
  int samples = 0;
};

std::optional<FrameHeader> parse_header(std::string_view b, std::size_t at) {
  if (at + 4 > b.size()) return std::nullopt;
  const auto u = [&](std::size_t k) { return static_cast<unsigned char>(b[at + k]); };
  if (u(0) != 0xFF || (u(1) & 0xE0) != 0xE0) return std::nullopt;
  const int version_bits = (u(1) >> 3) & 3;
  const int layer_bits = (u(1) >> 1) & 3;
  const int bitrate_index = u(2) >> 4;
  const int rate_index = (u(2) >> 2) & 3;
  if (version_bits == 1 || layer_bits == 0 || bitrate_index == 0 || bitrate_index == 15 ||
      rate_index == 3) {
    return std::nullopt;  // reserved values, or free format (which we do not walk)
  }
  FrameHeader h;
  h.version = version_bits == 3 ? 1 : version_bits == 2 ? 2 : 25;
  h.layer = 4 - layer_bits;
  h.crc = (u(1) & 1) == 0;
  h.padding = (u(2) >> 1) & 1;
  h.mono = (u(3) >> 6) == 3;
  static constexpr int v1[3][15] = {
      {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
      {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
      {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320}};
  static constexpr int v2[2][15] = {
      {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
      {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}};
  h.bitrate =
      h.version == 1 ? v1[h.layer - 1][bitrate_index] : v2[h.layer == 1 ? 0 : 1][bitrate_index];
  static constexpr int rates[3] = {44100, 48000, 32000};
  h.sample_rate = rates[rate_index] / (h.version == 1 ? 1 : h.version == 2 ? 2 : 4);
  const int pad = h.padding ? 1 : 0;
  if (h.layer == 1) {
    h.length = static_cast<std::size_t>((12 * h.bitrate * 1000 / h.sample_rate + pad) * 4);
    h.samples = 384;
  } else if (h.layer == 2 || h.version == 1) {
    h.length = static_cast<std::size_t>(144 * h.bitrate * 1000 / h.sample_rate + pad);
    h.samples = 1152;
  } else {
    h.length = static_cast<std::size_t>(72 * h.bitrate * 1000 / h.sample_rate + pad);
    h.samples = 576;
  }
  return h;
}

std::size_t skip_id3(std::string_view b) {
  if (b.size() < 10 || b.substr(0, 3) != "ID3") return 0;
  std::size_t size = 0;
  for (int i = 6; i < 10; ++i)
    size = (size << 7) | (static_cast<unsigned char>(b[static_cast<std::size_t>(i)]) & 0x7F);
  return std::min(b.size(), 10 + size);
}

// The lines of one of our granules, or nothing when the frame was written by someone else.
std::optional<Mp3Granule> read_granule(std::string_view frame, const FrameHeader& h) {
  if (h.version != 2 || h.layer != 3 || h.crc || !h.mono || frame.size() < 4 + kSideInfoBytes) {
    return std::nullopt;
  }
  BitReader side(frame.substr(4, kSideInfoBytes), kSideInfoBytes * 8);
  const std::uint32_t main_data_begin = side.get(8);
  side.get(1);  // private bits
  const std::uint32_t part23 = side.get(12);
  const std::uint32_t big_values = side.get(9);
  side.get(8);  // global gain
  const std::uint32_t scalefac_compress = side.get(9);
  const std::uint32_t window_switching = side.get(1);
  side.get(15 + 4 + 3 + 1);  // table_select, region counts, scalefac_scale
  const std::uint32_t count1_table = side.get(1);
  if (main_data_begin != 0 || big_values != 0 || scalefac_compress != 0 || window_switching != 0 ||
      count1_table != 1) {
    return std::nullopt;
  }
  BitReader bits(frame.substr(4 + kSideInfoBytes), part23);
  Mp3Granule lines;
  for (int quad = 0; quad * 4 < kMp3Lines && bits.has(4); ++quad) {
    const unsigned pattern = ~bits.get(4) & 0xF;
    for (int k = 0; k < 4; ++k) {
      if ((pattern >> (3 - k)) & 1) {
        if (!bits.has(1)) return lines;
        bits.get(1);  // sign
        lines.push_back(quad * 4 + k);
      }
    }
  }
  return lines;
}

}  // namespace

std::string encode_mp3(const std::vector<Mp3Granule>& granules) {
  std::string out;
  out.reserve(granules.size() * kFrameBytes);
  for (const Mp3Granule& granule : granules) {
    const BitWriter huffman = granule_bits(granule);
    BitWriter frame;
    frame.put(0xFFF3, 16);  // sync, MPEG-2, Layer III, no CRC
    frame.put(0x4, 4);      // 32 kbit/s
    frame.put(0, 2);        // 22050 Hz
    frame.put(0, 2);        // no padding, private bit
    frame.put(0x3, 2);      // mono
    frame.put(0, 2);        // mode extension
    frame.put(0b0100, 4);   // not copyrighted, original, no emphasis
    frame.put(0, 8);        // main_data_begin: no bit reservoir
    frame.put(0, 1);        // private bits
    frame.put(static_cast<std::uint32_t>(huffman.bits()), 12);  // part2_3_length
    frame.put(0, 9);                                            // big_values
    frame.put(kGlobalGain, 8);
    frame.put(0, 9);               // scalefac_compress: no scale factor bits
    frame.put(0, 1);               // long blocks
    frame.put(0, 15 + 4 + 3 + 1);  // table_select ×3, region0/1 counts, scalefac_scale
    frame.put(1, 1);               // count1 table B
    std::string bytes = frame.bytes() + huffman.bytes();
    bytes.resize(kFrameBytes, '\0');  // ancillary zeros fill the frame
    out += bytes;
  }
  return out;
}

bool looks_like_mp3(std::string_view bytes) {
  const std::size_t start = skip_id3(bytes);
  if (start > 0) return true;
  const auto first = parse_header(bytes, 0);
  if (!first) return false;
  return first->length >= bytes.size() || parse_header(bytes, first->length).has_value();
}

std::expected<Mp3Stream, std::string> read_mp3(std::string_view bytes) {
  if (!looks_like_mp3(bytes)) return std::unexpected("not an MPEG audio stream");
  Mp3Stream stream;
  std::size_t at = skip_id3(bytes);
  double seconds = 0;
  while (at + 4 <= bytes.size()) {
    const auto header = parse_header(bytes, at);
    if (!header || header->length < 4 + kSideInfoBytes) {
      // Resynchronise: concatenated files can put a tag or junk between frames.
      const std::size_t tag = skip_id3(bytes.substr(at));
      at += tag > 0 ? tag : 1;
      continue;
    }
    const std::string_view frame = bytes.substr(at, std::min(header->length, bytes.size() - at));
    ++stream.frames;
    seconds += static_cast<double>(header->samples) / header->sample_rate;
    stream.granules.push_back(read_granule(frame, *header));
    at += header->length;
  }
  if (stream.frames == 0) return std::unexpected("no MPEG audio frames");
  stream.seconds = seconds;
  return stream;
}

}  // namespace smp::emulator::audio
