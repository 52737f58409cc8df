#include "models/batch_plan.hpp"

namespace smp::models {

std::vector<IndexRange> plan_ranges(std::size_t total, std::size_t max_batch) {
  std::vector<IndexRange> ranges;
  if (total == 0) return ranges;
  if (max_batch == 0) max_batch = 1;
  const std::size_t batches = (total + max_batch - 1) / max_batch;
  const std::size_t base = total / batches;
  const std::size_t larger = total % batches;  // the first `larger` batches get one more
  ranges.reserve(batches);
  std::size_t offset = 0;
  for (std::size_t i = 0; i < batches; ++i) {
    const std::size_t count = base + (i < larger ? 1 : 0);
    ranges.push_back({offset, count});
    offset += count;
  }
  return ranges;
}

}  // namespace smp::models
