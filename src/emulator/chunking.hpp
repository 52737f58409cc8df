#pragma once
// How the emulator cuts a container's streamed bytes into PayloadPart events. Real SageMaker
// forwards the container's bytes "at arbitrary boundaries" (aws-wire.md §2.7): one part can hold
// several records, a record can span parts, and a multi-byte UTF-8 character can be split. The
// random mode reproduces all three from a seeded generator, so a failing client test is
// reproducible from its seed.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smp::emulator {

struct ChunkingOptions {
  std::size_t min_part_bytes = 1;
  std::size_t max_part_bytes = 96;
  // Share of parts drawn from the small end (1–4 bytes), so splits inside records and inside
  // UTF-8 characters are frequent even when records are long.
  double tiny_part_share = 0.3;
};

// Cuts `bytes` into non-empty parts whose concatenation is exactly `bytes`.
std::vector<std::string> cut_at_random(std::string_view bytes, std::uint64_t seed,
                                       const ChunkingOptions& options = {});

// Joins the container's records and cuts the result (records and part boundaries independent).
std::vector<std::string> cut_records_at_random(const std::vector<std::string>& records,
                                               std::uint64_t seed,
                                               const ChunkingOptions& options = {});

// One part per record (what most real containers produce when they flush per token); empty
// records are dropped since an empty PayloadPart carries nothing.
std::vector<std::string> part_per_record(const std::vector<std::string>& records);

}  // namespace smp::emulator
