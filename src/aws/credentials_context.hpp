#pragma once
// What the credential sources need from the outside world, injected so tests run without a real
// environment, clock, network or sleep. Production code passes a real transport and keeps the
// other defaults. Everything pointed to must outlive the providers built from it.
#include <chrono>
#include <functional>

#include "aws/transport.hpp"
#include "base/clock.hpp"
#include "base/environment.hpp"

namespace smp::aws {

struct CredentialsContext {
  const Environment* environment = &ProcessEnvironment::instance();
  const Clock* clock = &SystemClock::instance();
  // STS, container and IMDS calls. When empty, those sources fail with a clear error.
  HttpTransport transport;
  // Back-off between attempts (STS throttling, container retries). Tests pass a no-op.
  std::function<void(std::chrono::milliseconds)> sleep;

  const Environment& env() const { return *environment; }
  SystemTime now() const { return clock->now(); }
  void pause(std::chrono::milliseconds d) const;
};

}  // namespace smp::aws
