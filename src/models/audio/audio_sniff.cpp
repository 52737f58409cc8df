#include "models/audio/audio_sniff.hpp"

namespace smp::models {
namespace {

bool at(std::string_view bytes, std::size_t offset, std::string_view magic) {
  return bytes.size() >= offset + magic.size() && bytes.substr(offset, magic.size()) == magic;
}

// An MPEG audio frame header: 11 sync bits, a valid version and layer (not "reserved"), and a
// bitrate index that is neither free-format nor invalid.
bool mpeg_frame(std::string_view bytes) {
  if (bytes.size() < 3) return false;
  const auto b0 = static_cast<unsigned char>(bytes[0]);
  const auto b1 = static_cast<unsigned char>(bytes[1]);
  const auto b2 = static_cast<unsigned char>(bytes[2]);
  if (b0 != 0xFF || (b1 & 0xE0) != 0xE0) return false;
  const unsigned version = (b1 >> 3) & 0x3;
  const unsigned layer = (b1 >> 1) & 0x3;
  const unsigned bitrate = b2 >> 4;
  return version != 1 && layer != 0 && bitrate != 0 && bitrate != 0xF;
}

}  // namespace

std::optional<std::string_view> sniff_audio_type(std::string_view bytes) {
  if (at(bytes, 0, "RIFF") && at(bytes, 8, "WAVE")) return "audio/wav";
  if (at(bytes, 0, "ID3") || mpeg_frame(bytes)) return "audio/mpeg";
  if (at(bytes, 0, "fLaC")) return "audio/flac";
  if (at(bytes, 0, "OggS")) return "audio/ogg";
  if (at(bytes, 4, "ftyp")) return "audio/mp4";
  if (at(bytes, 0, "\x1A\x45\xDF\xA3")) return "audio/webm";
  if (at(bytes, 0, "#!AMR")) return "audio/amr";
  return std::nullopt;
}

std::string_view audio_extension(std::string_view mime_type) {
  if (mime_type == "audio/wav") return "wav";
  if (mime_type == "audio/mpeg") return "mp3";
  if (mime_type == "audio/flac") return "flac";
  if (mime_type == "audio/ogg") return "ogg";
  if (mime_type == "audio/mp4") return "m4a";
  if (mime_type == "audio/webm") return "webm";
  if (mime_type == "audio/amr") return "amr";
  return "bin";
}

}  // namespace smp::models
