#pragma once
// The two clocks a client exchange runs against: the idle-read timeout (restarted before every
// read or write) and the optional total deadline. Each I/O step arms the stream's timer with the
// earlier of the two and, on expiry, the error message says which one fired.
#include <chrono>
#include <optional>
#include <string>

#include "base/error.hpp"

namespace smp::http::detail {

using SteadyClock = std::chrono::steady_clock;

class Deadline {
 public:
  Deadline(std::chrono::milliseconds idle, std::optional<std::chrono::milliseconds> total)
      : idle_(idle), total_(total) {
    if (total) total_end_ = SteadyClock::now() + *total;
  }

  // When the next step must finish: `step` from now (the idle timeout unless given), capped by
  // the total deadline.
  SteadyClock::time_point next(std::optional<std::chrono::milliseconds> step = {}) const {
    auto end = SteadyClock::now() + step.value_or(idle_);
    return total_end_ && *total_end_ < end ? *total_end_ : end;
  }

  bool total_expired() const { return total_end_ && SteadyClock::now() >= *total_end_; }

  // The timeout error for a step against `host`; `what` names the step ("connect", "read").
  Error timeout_error(std::string_view what, std::string_view host,
                      std::optional<std::chrono::milliseconds> step = {}) const {
    if (total_expired()) {
      return Error::make(ErrorKind::timeout, "RequestTimeout",
                         "request to " + std::string(host) + " exceeded its total timeout of " +
                             std::to_string(total_->count()) + " ms");
    }
    auto limit = step.value_or(idle_);
    Error e = Error::make(ErrorKind::timeout, step ? "ConnectTimeout" : "ReadTimeout",
                          std::string(what) + " " + std::string(host) + " timed out after " +
                              std::to_string(limit.count()) + " ms");
    e.retryable = true;
    return e;
  }

 private:
  std::chrono::milliseconds idle_;
  std::optional<std::chrono::milliseconds> total_;
  std::optional<SteadyClock::time_point> total_end_;
};

}  // namespace smp::http::detail
