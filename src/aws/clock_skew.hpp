#pragma once
// Clock-skew correction (aws-wire.md §3.6). AWS rejects a signature more than 5 minutes away from
// its own clock. When a request fails that way, the server's time (x-amz-date or Date response
// header) gives the offset; the client stores it, signs with local time + offset and retries once.
// This is what aws-sdk-cpp does (AWSClient AdjustClockSkew), and what makes a client on a machine
// with a wrong clock work anyway.
#include <atomic>
#include <chrono>
#include <optional>
#include <string_view>

#include "base/clock.hpp"
#include "base/http_message.hpp"

namespace smp::aws {

// A signing clock off by more than this is corrected; smaller differences are left alone.
inline constexpr std::chrono::minutes kClockSkewThreshold{4};

// The offset between the local clock and AWS's, shared by every request that uses it. Lock-free.
class ClockSkew {
 public:
  std::chrono::nanoseconds offset() const {
    return std::chrono::nanoseconds(offset_ns_.load(std::memory_order_relaxed));
  }
  void set_offset(std::chrono::nanoseconds offset) {
    offset_ns_.store(offset.count(), std::memory_order_relaxed);
  }

  // The time to sign with: the local clock corrected by the learned offset.
  SystemTime signing_time(const Clock& clock) const {
    return clock.now() + std::chrono::duration_cast<SystemTime::duration>(offset());
  }

  // Called with the server's time from a skew error and the local (uncorrected) time the
  // response arrived. When the corrected signing clock is more than kClockSkewThreshold away from
  // the server, stores offset = server - local and returns true: retry the request once, re-signed.
  // Otherwise returns false and changes nothing (the failure was not the clock's fault). Starting
  // from a zero offset this is exactly "adjust when |server - local| > 4 min"; comparing with the
  // corrected clock also undoes a stale offset after the machine's own clock has been fixed.
  bool adjust(SystemTime server_time, SystemTime local_time);

  // The offset every client shares unless it keeps its own.
  static ClockSkew& process_wide();

 private:
  std::atomic<std::int64_t> offset_ns_{0};
};

// True for errors that mean "your clock is off": RequestTimeTooSkewed, RequestExpired,
// RequestInTheFuture, InvalidSignature, and InvalidSignatureException / SignatureDoesNotMatch
// whose message says "Signature expired" or "Signature not yet current".
bool is_skew_error(std::string_view code, std::string_view message);

// The server's clock from a response: x-amz-date ("20150830T123600Z"), else Date (RFC 1123).
std::optional<SystemTime> server_time_from(const HttpResponse& response);

}  // namespace smp::aws
