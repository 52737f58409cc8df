#pragma once
// The one interface every credential source implements (aws-wire.md §5). A provider hands out
// immutable snapshots: sign a request with one snapshot, so key, secret and token always come
// from the same version even while another thread refreshes.
#include <memory>
#include <string>
#include <string_view>

#include "aws/credentials.hpp"
#include "base/error.hpp"

namespace smp::aws {

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;

  // Thread-safe. Sources without a cache fetch on every call; wrap them in CachingProvider.
  virtual Result<std::shared_ptr<const Credentials>> get() = 0;

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
