#include "emulator/audio/wav.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace smp::emulator::audio {
namespace {

void put_u32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i)
    out += static_cast<char>((v >> (8 * i)) & 0xFF);
}
void put_u16(std::string& out, std::uint16_t v) {
  out += static_cast<char>(v & 0xFF);
  out += static_cast<char>(v >> 8);
}
std::uint32_t get_u32(std::string_view b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i)
    v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)]);
  return v;
}
std::uint16_t get_u16(std::string_view b, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) |
                                    (static_cast<unsigned char>(b[at + 1]) << 8));
}

}  // namespace

std::string encode_wav(const std::vector<float>& samples, int sample_rate) {
  const auto data_bytes = static_cast<std::uint32_t>(samples.size() * 2);
  std::string out;
  out.reserve(44 + data_bytes);
  out += "RIFF";
  put_u32(out, 36 + data_bytes);
  out += "WAVEfmt ";
  put_u32(out, 16);
  put_u16(out, 1);  // PCM
  put_u16(out, 1);  // mono
  put_u32(out, static_cast<std::uint32_t>(sample_rate));
  put_u32(out, static_cast<std::uint32_t>(sample_rate) * 2);
  put_u16(out, 2);
  put_u16(out, 16);
  out += "data";
  put_u32(out, data_bytes);
  for (float s : samples) {
    const float clipped = std::clamp(s, -1.0f, 1.0f);
    put_u16(out,
            static_cast<std::uint16_t>(static_cast<std::int16_t>(std::lround(clipped * 32767.0f))));
  }
  return out;
}

bool looks_like_wav(std::string_view bytes) {
  return bytes.size() >= 12 && bytes.substr(0, 4) == "RIFF" && bytes.substr(8, 4) == "WAVE";
}

std::expected<PcmAudio, std::string> decode_wav(std::string_view bytes, std::size_t* consumed) {
  if (!looks_like_wav(bytes)) return std::unexpected("not a RIFF/WAVE file");
  const std::size_t riff_end =
      std::min<std::size_t>(bytes.size(), 8 + static_cast<std::size_t>(get_u32(bytes, 4)));
  std::uint16_t format = 0, channels = 0, bits = 0;
  std::uint32_t rate = 0;
  bool have_format = false;
  std::size_t at = 12;
  while (at + 8 <= riff_end) {
    const std::string_view id = bytes.substr(at, 4);
    const std::size_t size = get_u32(bytes, at + 4);
    const std::size_t body = at + 8;
    if (size > riff_end - body) {
      if (id != "data") return std::unexpected("truncated '" + std::string(id) + "' chunk");
    }
    if (id == "fmt ") {
      if (size < 16) return std::unexpected("short fmt chunk");
      format = get_u16(bytes, body);
      channels = get_u16(bytes, body + 2);
      rate = get_u32(bytes, body + 4);
      bits = get_u16(bytes, body + 14);
      if (format == 0xFFFE && size >= 26) format = get_u16(bytes, body + 24);  // extensible
      have_format = true;
    } else if (id == "data") {
      if (!have_format) return std::unexpected("data chunk before fmt chunk");
      if ((format != 1 && format != 3) || channels == 0 || rate == 0 || rate > 768000 ||
          !(bits == 8 || bits == 16 || bits == 24 || bits == 32) || (format == 3 && bits != 32)) {
        return std::unexpected("unsupported WAV encoding");
      }
      const std::size_t available = std::min(size, bytes.size() - body);  // tolerate truncation
      const std::size_t frame = static_cast<std::size_t>(channels) * (bits / 8);
      PcmAudio audio;
      audio.sample_rate = static_cast<int>(rate);
      audio.samples.reserve(available / frame);
      for (std::size_t f = body; f + frame <= body + available; f += frame) {
        float value = 0;
        if (format == 3) {
          std::uint32_t raw = get_u32(bytes, f);
          std::memcpy(&value, &raw, sizeof value);
          if (!std::isfinite(value)) value = 0;
        } else if (bits == 8) {
          value = (static_cast<unsigned char>(bytes[f]) - 128) / 128.0f;
        } else if (bits == 16) {
          value = static_cast<std::int16_t>(get_u16(bytes, f)) / 32768.0f;
        } else if (bits == 24) {
          std::int32_t v = static_cast<unsigned char>(bytes[f]) |
                           (static_cast<unsigned char>(bytes[f + 1]) << 8) |
                           (static_cast<unsigned char>(bytes[f + 2]) << 16);
          if (v & 0x800000) v -= 0x1000000;
          value = static_cast<float>(v) / 8388608.0f;
        } else {
          value = static_cast<float>(static_cast<std::int32_t>(get_u32(bytes, f))) / 2147483648.0f;
        }
        audio.samples.push_back(value);
      }
      if (consumed) *consumed = std::min(bytes.size(), std::max(riff_end, body + available));
      return audio;
    }
    at = body + size + (size & 1);
  }
  return std::unexpected("no data chunk");
}

}  // namespace smp::emulator::audio
