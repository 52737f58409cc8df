#include "emulator/stream_parts.hpp"

#include "emulator/chunking.hpp"

namespace smp::emulator {

std::vector<std::string> cut_stream_parts(const std::vector<std::string>& records,
                                          const ChunkingConfig& chunking, std::uint64_t seed) {
  if (!chunking.random) return part_per_record(records);
  ChunkingOptions options;
  options.min_part_bytes = chunking.min_part;
  options.max_part_bytes = chunking.max_part;
  return cut_records_at_random(records, seed, options);
}

}  // namespace smp::emulator
