#pragma once
// An ordered list of sources (aws-wire.md §5.1). The first that answers wins and is remembered:
// later calls go straight to it, and answered_by() tells `check` which source it was. A source
// that is not configured is skipped; a source that is configured but fails stops the chain with
// its error (falling through to, say, IMDS would hide the real problem behind a timeout). When
// no source is configured, the error lists what each one looked for.
#include <mutex>
#include <string>
#include <vector>

#include "aws/credentials_provider.hpp"

namespace smp::aws {

class ProviderChain final : public CredentialsProvider {
 public:
  explicit ProviderChain(std::vector<CredentialsProviderPtr> providers,
                         std::string label = "default chain");

  Result<std::shared_ptr<const Credentials>> get() override;
  std::string name() const override;
  void invalidate() override;

  // The name of the source that answered; empty before the first success.
  std::string answered_by() const;

 private:
  const std::vector<CredentialsProviderPtr> providers_;
  const std::string label_;
  mutable std::mutex mutex_;
  CredentialsProviderPtr active_;
};

}  // namespace smp::aws
