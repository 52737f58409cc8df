#include "aws/providers/caching_provider.hpp"

#include <spdlog/spdlog.h>

#include "aws/credential_time.hpp"

namespace smp::aws {
namespace {

using std::chrono::seconds;

// Scales the windows down for credentials that live shorter than the windows assume.
std::pair<seconds, seconds> windows_for(const Credentials& credentials, SystemTime fetched_at,
                                        const RefreshWindows& windows) {
  if (!credentials.expiration) return {seconds(0), seconds(0)};
  const auto lifetime = std::chrono::duration_cast<seconds>(*credentials.expiration - fetched_at);
  return {std::min(windows.advisory, lifetime / 2), std::min(windows.mandatory, lifetime / 3)};
}

void run_all(std::vector<CredentialsCompletion>& waiters, const Result<CredentialsSnapshot>& r) {
  for (CredentialsCompletion& done : waiters)
    done(r);
}

}  // namespace

CachingProvider::CachingProvider(CredentialsProviderPtr source, const Clock& clock,
                                 RefreshWindows windows)
    : source_(std::move(source)), clock_(clock), windows_(windows) {}

CachingProvider::~CachingProvider() {
  std::thread worker;
  {
    std::lock_guard lock(mutex_);
    worker = std::move(worker_);
  }
  if (!worker.joinable()) return;
  // A callback run by the worker may have dropped the last reference to this provider; the
  // worker touches nothing of ours after its callbacks, so it may finish on its own.
  if (worker.get_id() == std::this_thread::get_id()) {
    worker.detach();
  } else {
    worker.join();
  }
}

CachingProvider::Freshness CachingProvider::freshness(SystemTime now) const {
  if (!snapshot_) return Freshness::mandatory;
  if (!snapshot_->expiration) return Freshness::fresh;
  const auto left = *snapshot_->expiration - now;
  if (left > advisory_) return Freshness::fresh;
  if (left > mandatory_) return Freshness::advisory;
  return Freshness::mandatory;
}

Result<CredentialsSnapshot> CachingProvider::get() {
  std::unique_lock lock(mutex_);
  switch (freshness(clock_.now())) {
    case Freshness::fresh:
      return snapshot_;
    case Freshness::advisory:
      if (refreshing_) return snapshot_;  // someone else is on it; ours is still good
      return refresh_inline(lock, /*advisory=*/true);
    case Freshness::mandatory:
      break;
  }
  if (!refreshing_) return refresh_inline(lock, /*advisory=*/false);

  // Single flight: wait for the refresh in progress and take its outcome.
  const auto generation = generation_;
  refreshed_.wait(lock, [&] { return generation_ != generation; });
  if (last_error_) return fail(*last_error_);
  if (!snapshot_) {
    // invalidate() ran while we waited; the next get() fetches again.
    return fail(ErrorKind::auth, "CredentialsInvalidated",
                name() + ": the credentials were invalidated during the refresh; retry");
  }
  return snapshot_;
}

void CachingProvider::get_async(CredentialsCompletion done) {
  std::unique_lock lock(mutex_);
  std::thread previous;
  switch (freshness(clock_.now())) {
    case Freshness::fresh:
      break;
    case Freshness::advisory:
      if (!refreshing_) previous = start_background_refresh(/*advisory=*/true);
      break;
    case Freshness::mandatory:
      waiters_.push_back(std::move(done));
      if (!refreshing_) previous = start_background_refresh(/*advisory=*/false);
      lock.unlock();
      if (previous.joinable()) previous.join();
      return;
  }
  CredentialsSnapshot snapshot = snapshot_;
  lock.unlock();
  if (previous.joinable()) previous.join();
  done(std::move(snapshot));
}

Result<CredentialsSnapshot> CachingProvider::fetch() {
  Result<CredentialsSnapshot> fetched =
      fail(ErrorKind::internal, "CredentialsRefreshFailed", name() + ": the refresh threw");
  try {
    fetched = source_->get();
  } catch (const std::exception& e) {
    // A throwing source must not leave refreshing_ set, or every later caller would wait forever.
    fetched = fail(ErrorKind::internal, "CredentialsRefreshFailed",
                   name() + ": the refresh threw: " + e.what());
  } catch (...) {
  }
  const SystemTime now = clock_.now();
  if (fetched && (*fetched)->expired_at(now)) {
    fetched = fail(ErrorKind::auth, "CredentialsExpired",
                   name() + " returned credentials that expired at " +
                       format_iso8601_time(*(*fetched)->expiration) + " (now " +
                       format_iso8601_time(now) + "); refresh the source or check the clock");
  }
  return fetched;
}

std::vector<CredentialsCompletion> CachingProvider::finish_refresh(
    Result<CredentialsSnapshot>& fetched, SystemTime now, bool advisory) {
  refreshing_ = false;
  ++generation_;
  if (fetched) {
    snapshot_ = *fetched;
    std::tie(advisory_, mandatory_) = windows_for(*snapshot_, now, windows_);
    last_error_.reset();
  } else {
    last_error_ = fetched.error();
    if (advisory && snapshot_ && !snapshot_->expired_at(now)) {
      spdlog::warn("credentials: refreshing {} failed; using the current credentials until {}: {}",
                   name(), format_iso8601_time(*snapshot_->expiration), last_error_->describe());
    }
  }
  refreshed_.notify_all();
  return std::exchange(waiters_, {});
}

Result<CredentialsSnapshot> CachingProvider::refresh_inline(std::unique_lock<std::mutex>& lock,
                                                            bool advisory) {
  refreshing_ = true;
  lock.unlock();
  Result<CredentialsSnapshot> fetched = fetch();
  const SystemTime now = clock_.now();
  lock.lock();
  std::vector<CredentialsCompletion> waiters = finish_refresh(fetched, now, advisory);
  // A failed advisory refresh still has a valid snapshot to give.
  Result<CredentialsSnapshot> answer = fetched;
  if (!fetched && advisory && snapshot_ && !snapshot_->expired_at(now)) answer = snapshot_;
  lock.unlock();
  // get_async callers that queued meanwhile (mandatory window) get the fetch's own outcome.
  run_all(waiters, fetched);
  return answer;
}

std::thread CachingProvider::start_background_refresh(bool advisory) {
  refreshing_ = true;
  std::thread previous = std::move(worker_);
  worker_ = std::thread([this, advisory] { run_background_refresh(advisory); });
  if (previous.joinable() && previous.get_id() == std::this_thread::get_id()) {
    // Asked from a callback on the old worker itself: it ends right after, nobody can join it.
    previous.detach();
  }
  return previous;
}

void CachingProvider::run_background_refresh(bool advisory) {
  Result<CredentialsSnapshot> fetched = fetch();
  const SystemTime now = clock_.now();
  std::unique_lock lock(mutex_);
  // Waiters queue only in the mandatory window: the outcome is theirs, error included, as for
  // get()'s blocked waiters.
  std::vector<CredentialsCompletion> waiters = finish_refresh(fetched, now, advisory);
  lock.unlock();
  run_all(waiters, fetched);
}

void CachingProvider::invalidate() {
  {
    std::lock_guard lock(mutex_);
    snapshot_.reset();
  }
  source_->invalidate();
}

CredentialsProviderPtr make_caching(CredentialsProviderPtr source, const Clock& clock,
                                    RefreshWindows windows) {
  if (std::dynamic_pointer_cast<CachingProvider>(source)) return source;
  return std::make_shared<CachingProvider>(std::move(source), clock, windows);
}

}  // namespace smp::aws
