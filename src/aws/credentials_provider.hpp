#pragma once
// The one interface every credential source implements (aws-wire.md §5). A provider hands out
// immutable snapshots: sign a request with one snapshot, so key, secret and token always come
// from the same version even while another thread refreshes.
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "aws/credentials.hpp"
#include "base/error.hpp"

namespace smp::aws {

using CredentialsSnapshot = std::shared_ptr<const Credentials>;
using CredentialsCompletion = std::function<void(Result<CredentialsSnapshot>)>;

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;

  // Thread-safe. Sources without a cache fetch on every call; wrap them in CachingProvider.
  // May block the calling thread for a network fetch (STS, IMDS, a credential process).
  virtual Result<CredentialsSnapshot> get() = 0;

  // The same answer without blocking the calling thread on a fetch, for event-loop threads:
  // `done` runs inline when the answer is at hand, otherwise later on another thread. The base
  // version simply calls get(), which is right for sources that never block (static keys, the
  // environment); CachingProvider, which wraps every source that fetches, fetches on a thread of
  // its own and never blocks a caller.
  virtual void get_async(CredentialsCompletion done) { done(get()); }

  // A short label for messages and `check` ("environment", "profile dev", "assume-role ...").
  virtual std::string name() const = 0;

  // Drops cached credentials so the next get() fetches fresh ones: call it after the service
  // answered ExpiredToken (or InvalidClientTokenId) for a snapshot this provider returned.
  virtual void invalidate() {}
};

using CredentialsProviderPtr = std::shared_ptr<CredentialsProvider>;

// A source whose inputs are absent (no variables, no file, not on EC2) answers with this code so
// the chain moves on; any other error means "configured but broken" and stops the chain.
inline constexpr std::string_view kCredentialsNotConfigured = "CredentialsNotConfigured";

Error credentials_not_configured(std::string source, std::string why);
bool is_not_configured(const Error& error);

}  // namespace smp::aws
