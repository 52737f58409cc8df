#pragma once
// Runs `count` jobs with at most `limit` in flight on the current executor; after the first
// failure no new job starts, and that failure is the result. For embedding and rerank batches.
#include <cstddef>
#include <functional>

#include "base/error.hpp"
#include "http/task.hpp"

namespace smp::provider {

using BoundedJob = std::function<http::Task<Result<void>>(std::size_t index)>;

http::Task<Result<void>> run_bounded(std::size_t count, std::size_t limit, BoundedJob job);

}  // namespace smp::provider
