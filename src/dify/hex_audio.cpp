#include "dify/hex_audio.hpp"

namespace smp::dify {

std::vector<std::string_view> audio_chunks(std::string_view audio, std::size_t max_bytes) {
  std::vector<std::string_view> out;
  if (max_bytes == 0) max_bytes = kAudioChunkBytes;
  for (std::size_t at = 0; at < audio.size(); at += max_bytes)
    out.push_back(audio.substr(at, max_bytes));
  return out;
}

}  // namespace smp::dify
