#pragma once
// An injectable wall clock: signing, credential expiry and STS are tested without waiting.
#include <atomic>
#include <chrono>

namespace smp {

using SystemTime = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual SystemTime now() const = 0;
};

class SystemClock final : public Clock {
 public:
  SystemTime now() const override { return std::chrono::system_clock::now(); }
  static const SystemClock& instance();
};

// A clock that tests move by hand. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(SystemTime start) : now_(start.time_since_epoch().count()) {}
  SystemTime now() const override {
    return SystemTime(SystemTime::duration(now_.load(std::memory_order_acquire)));
  }
  void set(SystemTime t) { now_.store(t.time_since_epoch().count(), std::memory_order_release); }
  void advance(std::chrono::nanoseconds d) {
    now_.fetch_add(std::chrono::duration_cast<SystemTime::duration>(d).count(),
                   std::memory_order_acq_rel);
  }

 private:
  std::atomic<SystemTime::rep> now_;
};

}  // namespace smp
