#pragma once
// Splitting N inputs into batches of at most M, for containers with a batch limit (TEI's
// max_client_batch_size defaults to 32 and answers 413 above it). The provider sends the
// batches (concurrently, with its own bound); the mergers put the answers back in input order.
#include <cstddef>
#include <vector>

namespace smp::models {

inline constexpr std::size_t kDefaultBatchSize = 32;

struct IndexRange {
  std::size_t offset = 0;
  std::size_t count = 0;
  bool operator==(const IndexRange&) const = default;
};

// Consecutive ranges covering [0, total), each at most max_batch long (0 is taken as 1), sized
// evenly so that 33 inputs become 17 + 16 rather than 32 + 1: the last batch is not a straggler.
std::vector<IndexRange> plan_ranges(std::size_t total, std::size_t max_batch = kDefaultBatchSize);

}  // namespace smp::models
