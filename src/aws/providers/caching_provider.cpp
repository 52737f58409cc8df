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

}  // namespace

CachingProvider::CachingProvider(CredentialsProviderPtr source, const Clock& clock,
                                 RefreshWindows windows)
    : source_(std::move(source)), clock_(clock), windows_(windows) {}

CachingProvider::Freshness CachingProvider::freshness(SystemTime now) const {
  if (!snapshot_) return Freshness::mandatory;
  if (!snapshot_->expiration) return Freshness::fresh;
  const auto left = *snapshot_->expiration - now;
  if (left > advisory_) return Freshness::fresh;
  if (left > mandatory_) return Freshness::advisory;
  return Freshness::mandatory;
}

Result<std::shared_ptr<const Credentials>> CachingProvider::get() {
  std::unique_lock lock(mutex_);
  switch (freshness(clock_.now())) {
    case Freshness::fresh:
      return snapshot_;
    case Freshness::advisory:
      if (refreshing_) return snapshot_;  // someone else is on it; ours is still good
      return refresh(lock, /*advisory=*/true);
    case Freshness::mandatory:
      break;
  }
  if (!refreshing_) return refresh(lock, /*advisory=*/false);

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

Result<std::shared_ptr<const Credentials>> CachingProvider::refresh(
    std::unique_lock<std::mutex>& lock, bool advisory) {
  refreshing_ = true;
  lock.unlock();
  Result<std::shared_ptr<const Credentials>> fetched =
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
  lock.lock();
  refreshing_ = false;
  ++generation_;
  if (fetched) {
    snapshot_ = *fetched;
    std::tie(advisory_, mandatory_) = windows_for(*snapshot_, now, windows_);
    last_error_.reset();
  } else {
    last_error_ = fetched.error();
  }
  refreshed_.notify_all();

  if (fetched) return snapshot_;
  if (advisory && snapshot_ && !snapshot_->expired_at(now)) {
    spdlog::warn("credentials: refreshing {} failed; using the current credentials until {}: {}",
                 name(), format_iso8601_time(*snapshot_->expiration), last_error_->describe());
    return snapshot_;
  }
  return fail(*last_error_);
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
