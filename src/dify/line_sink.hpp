#pragma once
// Where a transport's protocol lines go. Each write is one complete line, written atomically
// (never interleaved with another line); it completes once the line is queued, and waits while
// the peer is slow (the daemon reads stdout into bounded per-session queues, so its reading can
// stall: we then hold back instead of growing memory). Thread-safe.
#include <string>

#include "base/error.hpp"
#include "http/task.hpp"

namespace smp::dify {

class LineSink {
 public:
  virtual ~LineSink() = default;
  // `line` ends in "\n". Errors: the peer is gone (ErrorKind::connection).
  virtual http::Task<Result<void>> write(std::string line) = 0;
};

}  // namespace smp::dify
