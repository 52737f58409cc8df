#pragma once
// Caches an expiring source and refreshes it ahead of expiry (aws-wire.md §5.9):
//   more than `advisory` left   → the cached snapshot
//   advisory window (15 min)    → one refresh runs; everyone else keeps the still-valid snapshot
//                                 without waiting; a failed refresh keeps it (logged)
//   mandatory window (10 min),  → every caller waits for the single in-flight refresh and gets
//   expired, or nothing cached     its outcome (its error too: the source is asked once, not
//                                 once per waiting caller)
// Short-lived credentials (a 15-minute session is legal) would be born inside these windows and
// refresh on every call, so the windows shrink to 1/2 and 1/3 of the lifetime of the snapshot.
// Credentials without an expiration are fetched once and kept until invalidate().
//
// Two ways to ask. get() blocks: in the advisory window the caller that finds no refresh running
// does it itself; in the mandatory window callers wait on a condition variable. get_async()
// never blocks: fetches run on a worker thread owned by the provider (one at a time; the
// destructor joins it), the advisory window answers at once and refreshes behind the caller's
// back, and mandatory-window callers are queued and called back by the worker. The gateway's and
// the Dify runtime's event loops use get_async, so an STS round trip stalls no connection.
// Time comes from the injected Clock. Thread-safe.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

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
  ~CachingProvider() override;
  CachingProvider(const CachingProvider&) = delete;
  CachingProvider& operator=(const CachingProvider&) = delete;

  Result<CredentialsSnapshot> get() override;
  void get_async(CredentialsCompletion done) override;
  std::string name() const override { return source_->name(); }
  void invalidate() override;

  const CredentialsProviderPtr& source() const { return source_; }

 private:
  enum class Freshness { fresh, advisory, mandatory };
  Freshness freshness(SystemTime now) const;
  // Asks the source (exceptions and already-expired answers become errors). No lock held.
  Result<CredentialsSnapshot> fetch();
  // Stores a fetch's outcome, wakes blocked waiters and hands back the queued async ones, which
  // the caller runs after unlocking.
  std::vector<CredentialsCompletion> finish_refresh(Result<CredentialsSnapshot>& fetched,
                                                    SystemTime now, bool advisory);
  // get()'s refresh on the caller's thread.
  Result<CredentialsSnapshot> refresh_inline(std::unique_lock<std::mutex>& lock, bool advisory);
  // Starts a refresh on the worker thread; returns the previous worker for the caller to join
  // once unlocked (it has finished its refresh, it may still be running callbacks).
  [[nodiscard]] std::thread start_background_refresh(bool advisory);
  void run_background_refresh(bool advisory);

  const CredentialsProviderPtr source_;
  const Clock& clock_;
  const RefreshWindows windows_;

  std::mutex mutex_;
  std::condition_variable refreshed_;
  CredentialsSnapshot snapshot_;
  std::chrono::seconds advisory_{0};  // the windows for snapshot_ (scaled to its lifetime)
  std::chrono::seconds mandatory_{0};
  bool refreshing_ = false;
  unsigned long long generation_ = 0;           // bumped when a refresh ends
  std::optional<Error> last_error_;             // the outcome of the last refresh, for its waiters
  std::vector<CredentialsCompletion> waiters_;  // get_async callers waiting for the refresh
  std::thread worker_;
};

// Wraps `source` unless it is already a CachingProvider.
CredentialsProviderPtr make_caching(CredentialsProviderPtr source, const Clock& clock,
                                    RefreshWindows windows = {});

}  // namespace smp::aws
