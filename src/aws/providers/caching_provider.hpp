#pragma once
// Caches an expiring source and refreshes it ahead of expiry (aws-wire.md §5.9):
//   more than `advisory` left   → the cached snapshot
//   advisory window (15 min)    → one caller refreshes; everyone else keeps the still-valid
//                                 snapshot without waiting; a failed refresh keeps it (logged)
//   mandatory window (10 min),  → every caller waits for the single in-flight refresh and gets
//   expired, or nothing cached     its outcome (its error too: the source is asked once, not
//                                 once per waiting thread)
// Short-lived credentials (a 15-minute session is legal) would be born inside these windows and
// refresh on every call, so the windows shrink to 1/2 and 1/3 of the lifetime of the snapshot.
// Credentials without an expiration are fetched once and kept until invalidate().
// Time comes from the injected Clock. Thread-safe.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>

#include "aws/credentials_provider.hpp"
#include "base/clock.hpp"

namespace smp::aws {

struct RefreshWindows {
  std::chrono::seconds advisory{15 * 60};
  std::chrono::seconds mandatory{10 * 60};
};

class CachingProvider final : public CredentialsProvider {
 public:
  CachingProvider(CredentialsProviderPtr source, const Clock& clock, RefreshWindows windows = {});

  Result<std::shared_ptr<const Credentials>> get() override;
  std::string name() const override { return source_->name(); }
  void invalidate() override;

  const CredentialsProviderPtr& source() const { return source_; }

 private:
  enum class Freshness { fresh, advisory, mandatory };
  Freshness freshness(SystemTime now) const;
  Result<std::shared_ptr<const Credentials>> refresh(std::unique_lock<std::mutex>& lock,
                                                     bool advisory);

  const CredentialsProviderPtr source_;
  const Clock& clock_;
  const RefreshWindows windows_;

  std::mutex mutex_;
  std::condition_variable refreshed_;
  std::shared_ptr<const Credentials> snapshot_;
  std::chrono::seconds advisory_{0};  // the windows for snapshot_ (scaled to its lifetime)
  std::chrono::seconds mandatory_{0};
  bool refreshing_ = false;
  unsigned long long generation_ = 0;  // bumped when a refresh ends
  std::optional<Error> last_error_;    // the outcome of the last refresh, for its waiters
};

// Wraps `source` unless it is already a CachingProvider.
CredentialsProviderPtr make_caching(CredentialsProviderPtr source, const Clock& clock,
                                    RefreshWindows windows = {});

}  // namespace smp::aws
