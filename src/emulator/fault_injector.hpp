#pragma once
// Decides, per request, whether one of an endpoint's configured faults fires. Seeded, so a test
// run with the same seed and the same request order sees the same faults.
//
// Threading: decide() is safe to call concurrently (one atomic request counter).
#include <atomic>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "emulator/config.hpp"

namespace smp::emulator {

// SplitMix64: tiny, fast and the same on every platform (std:: distributions are not).
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  // Uniform in [0, 1).
  double next_unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

class FaultInjector {
 public:
  FaultInjector(std::vector<FaultConfig> faults, std::uint64_t seed)
      : faults_(std::move(faults)), seed_(seed) {}

  // The first fault, in configuration order, that applies to `operation` and whose roll is
  // below its rate. Faults that only make sense on streams are skipped for InvokeEndpoint.
  std::optional<FaultConfig> decide(std::string_view operation);
  bool empty() const { return faults_.empty(); }

 private:
  std::vector<FaultConfig> faults_;
  std::uint64_t seed_;
  std::atomic<std::uint64_t> requests_{0};
};

}  // namespace smp::emulator
