#pragma once
// AssumeRole over any base provider (aws-wire.md §4.3): the Dify form's "role ARN + external id"
// on top of keys or the default chain, a profile's role_arn on top of its source_profile, and
// chains of those (A → B → C).
//
// Every parameter is checked locally before any call (role ARN, external id, session name,
// duration). Two recoveries: a DurationSeconds above the role's maximum is retried once with
// 3600, and ExpiredToken from STS (the base credentials' session ended) invalidates the base and
// retries once with fresh base credentials.
#include <optional>
#include <string>

#include "aws/credentials_context.hpp"
#include "aws/credentials_provider.hpp"
#include "aws/sts_client.hpp"

namespace smp::aws {

struct AssumeRoleConfig {
  std::string role_arn;
  std::string external_id;              // empty: not sent
  std::string role_session_name;        // empty: sagemaker-provider-<model type>-<unix time>;
                                        // otherwise sanitized to STS's character set
  std::string model_type;               // only for the default session name ("llm", "embedding")
  std::optional<int> duration_seconds;  // nullopt: 3600
  StsClientConfig sts;                  // region and endpoint override of the STS call
};

class AssumeRoleProvider final : public CredentialsProvider {
 public:
  // Use make_assume_role_provider(), which validates and adds the cache.
  AssumeRoleProvider(CredentialsProviderPtr base, AssumeRoleConfig config, int duration_seconds,
                     std::string session_name, CredentialsContext context);

  Result<std::shared_ptr<const Credentials>> get() override;
  std::string name() const override;
  void invalidate() override { base_->invalidate(); }

  const std::string& session_name() const { return session_name_; }
  const StsClient& sts() const { return sts_; }

 private:
  Result<StsCredentialsResult> call_sts(const Credentials& base, int duration_seconds) const;

  CredentialsProviderPtr base_;
  AssumeRoleConfig config_;
  int duration_seconds_;
  std::string session_name_;
  CredentialsContext context_;
  StsClient sts_;
};

// Validates the configuration (invalid_argument errors naming the wrong field) and returns the
// provider wrapped in a CachingProvider.
Result<CredentialsProviderPtr> make_assume_role_provider(CredentialsProviderPtr base,
                                                         AssumeRoleConfig config,
                                                         const CredentialsContext& context);

}  // namespace smp::aws
