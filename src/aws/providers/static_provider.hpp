#pragma once
// Explicit credentials (keys typed into the Dify form, CLI flags): one snapshot, forever.
#include "aws/credentials_provider.hpp"

namespace smp::aws {

class StaticProvider final : public CredentialsProvider {
 public:
  // `label` is what name() reports ("static", "cli flags").
  explicit StaticProvider(Credentials credentials, std::string label = "static");

  Result<std::shared_ptr<const Credentials>> get() override { return snapshot_; }
  std::string name() const override { return label_; }

 private:
  std::shared_ptr<const Credentials> snapshot_;
  std::string label_;
};

// Fails (invalid_argument) when the key id or secret is empty, so a half-filled form is caught
// before the first request.
Result<CredentialsProviderPtr> make_static_provider(std::string access_key_id,
                                                    std::string secret_access_key,
                                                    std::string session_token = {},
                                                    std::string label = "static");

}  // namespace smp::aws
