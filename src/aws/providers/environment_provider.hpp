#pragma once
// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN (legacy AWS_SECURITY_TOKEN) /
// AWS_CREDENTIAL_EXPIRATION / AWS_ACCOUNT_ID (aws-wire.md §5.2). Read on every get(), so a
// process whose environment a wrapper rewrites sees the new values; the snapshot is reused while
// the values stay the same.
#include <mutex>

#include "aws/credentials_provider.hpp"
#include "base/clock.hpp"
#include "base/environment.hpp"

namespace smp::aws {

class EnvironmentProvider final : public CredentialsProvider {
 public:
  explicit EnvironmentProvider(const Environment& env) : env_(env) {}

  // Not configured without AWS_ACCESS_KEY_ID; an error when the key id is set without the
  // secret (PartialCredentials) or AWS_CREDENTIAL_EXPIRATION is unreadable.
  Result<std::shared_ptr<const Credentials>> get() override;
  std::string name() const override { return "environment"; }

 private:
  const Environment& env_;
  std::mutex mutex_;
  std::shared_ptr<const Credentials> last_;
};

}  // namespace smp::aws
