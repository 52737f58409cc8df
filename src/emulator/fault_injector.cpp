#include "emulator/fault_injector.hpp"

namespace smp::emulator {

std::uint64_t SplitMix64::next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

std::optional<FaultConfig> FaultInjector::decide(std::string_view operation) {
  if (faults_.empty()) return std::nullopt;
  const bool streaming = operation == "InvokeEndpointWithResponseStream";
  const std::uint64_t request = requests_.fetch_add(1, std::memory_order_relaxed);
  for (std::size_t index = 0; index < faults_.size(); ++index) {
    const auto& fault = faults_[index];
    if (!fault.operations.empty()) {
      bool listed = false;
      for (const auto& op : fault.operations)
        if (op == operation) listed = true;
      if (!listed) continue;
    }
    const bool stream_only = fault.kind == FaultKind::model_stream_error ||
                             fault.kind == FaultKind::internal_stream_failure;
    if (stream_only && !streaming) continue;
    // Each (request, fault) pair has its own roll, so adding or removing a fault does not change
    // which requests the others hit.
    SplitMix64 roll_source(seed_ ^ (request * 0x9e3779b97f4a7c15ull) ^
                           (static_cast<std::uint64_t>(index) << 56));
    roll_source.next();
    const double roll = roll_source.next_unit();
    if (roll < fault.rate) return fault;
  }
  return std::nullopt;
}

}  // namespace smp::emulator
