#pragma once
// Audio as the daemon carries it (dify-plugin-protocol.md §8.10–§8.11): Dify sends speech-to-text
// input as hex (lowercase from Python's hexlify; either case accepted) and reads TTS output as
// hex strings, one per stream message, each kept far under the 5 MiB line limit. The hex itself is
// base/hex.hpp (hex_encode, hex_decode).
#include <cstddef>
#include <string_view>
#include <vector>

#include "base/hex.hpp"

namespace smp::dify {

// 512 KiB of audio is 1 MiB of hex per line.
inline constexpr std::size_t kAudioChunkBytes = 512 * 1024;

// `audio` cut into pieces of at most `max_bytes` (none for empty audio).
std::vector<std::string_view> audio_chunks(std::string_view audio,
                                           std::size_t max_bytes = kAudioChunkBytes);

}  // namespace smp::dify
