#pragma once
// Cuts a container's streamed writes into the byte runs that become PayloadPart events. Without
// random chunking each non-empty write is one part (what a container that flushes per record
// gets); with it, part boundaries fall at seeded random byte offsets, so records share parts and
// split inside UTF-8 characters, as SageMaker does (aws-wire.md §2.7).
#include <cstdint>
#include <string>
#include <vector>

#include "emulator/config.hpp"

namespace smp::emulator {

std::vector<std::string> cut_stream_parts(const std::vector<std::string>& records,
                                          const ChunkingConfig& chunking, std::uint64_t seed);

}  // namespace smp::emulator
