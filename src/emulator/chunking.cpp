#include "emulator/chunking.hpp"

#include <algorithm>

#include "emulator/containers/deterministic.hpp"

namespace smp::emulator {

std::vector<std::string> cut_at_random(std::string_view bytes, std::uint64_t seed,
                                       const ChunkingOptions& options) {
  std::vector<std::string> parts;
  SeededRandom rng(seed);
  const std::size_t low = std::max<std::size_t>(1, options.min_part_bytes);
  const std::size_t high = std::max(low, options.max_part_bytes);
  const std::uint64_t tiny_threshold =
      static_cast<std::uint64_t>(std::clamp(options.tiny_part_share, 0.0, 1.0) * 1000.0);
  std::size_t at = 0;
  while (at < bytes.size()) {
    const bool tiny = rng.between(0, 999) < tiny_threshold;
    const std::size_t length = tiny
                                   ? rng.between(low, std::max(low, std::min<std::size_t>(high, 4)))
                                   : rng.between(low, high);
    const std::size_t take = std::min(length, bytes.size() - at);
    parts.emplace_back(bytes.substr(at, take));
    at += take;
  }
  return parts;
}

std::vector<std::string> cut_records_at_random(const std::vector<std::string>& records,
                                               std::uint64_t seed, const ChunkingOptions& options) {
  std::string joined;
  for (const auto& record : records)
    joined += record;
  return cut_at_random(joined, seed, options);
}

std::vector<std::string> part_per_record(const std::vector<std::string>& records) {
  std::vector<std::string> parts;
  for (const auto& record : records) {
    if (!record.empty()) parts.push_back(record);
  }
  return parts;
}

}  // namespace smp::emulator
