#pragma once
// Credentials from a named profile of the shared files (aws-wire.md §5.3). In a profile, the
// first of these that is present decides:
//   role_arn (without web_identity_token_file) → AssumeRole, with credentials from exactly one of
//       source_profile (itself resolved the same way: chains A → B → C; a cycle is an error, but
//       a profile may name itself when it also has static keys) or credential_source
//       (Environment | Ec2InstanceMetadata | EcsContainer); external_id, role_session_name,
//       duration_seconds apply
//   web_identity_token_file (+ role_arn)         → AssumeRoleWithWebIdentity
//   sso_session / sso_start_url                  → not supported: a clear error
//   aws_access_key_id (+ secret, token)          → static keys
//   credential_process                           → the command's JSON
// The files are read at the first get(); the resolved provider is kept.
#include <mutex>
#include <string>

#include "aws/credentials_context.hpp"
#include "aws/credentials_provider.hpp"
#include "aws/providers/process_runner.hpp"
#include "aws/shared_config.hpp"

namespace smp::aws {

struct ProfileOptions {
  std::string profile;           // empty: AWS_PROFILE, AWS_DEFAULT_PROFILE, "default"
  std::string region;            // STS region; empty: env, then the profile's `region`
  std::string model_type;        // for default role session names
  std::string sts_endpoint_url;  // empty: AWS_ENDPOINT_URL_STS or the regional endpoint
  ProcessLimits process_limits;
};

// Resolves `name` in an already loaded config. A profile without any credential settings is
// "not configured" (the chain moves on); a missing profile is ProfileNotFound.
Result<CredentialsProviderPtr> provider_for_profile(const SharedConfig& config,
                                                    std::string_view name,
                                                    const CredentialsContext& context,
                                                    const ProfileOptions& options);

class ProfileProvider final : public CredentialsProvider {
 public:
  ProfileProvider(CredentialsContext context, ProfileOptions options);

  Result<std::shared_ptr<const Credentials>> get() override;
  std::string name() const override;
  void invalidate() override;

 private:
  Result<CredentialsProviderPtr> resolve();

  CredentialsContext context_;
  ProfileOptions options_;
  std::string profile_;
  bool explicit_;  // named by the caller or the environment, so "missing" is an error
  mutable std::mutex mutex_;
  CredentialsProviderPtr inner_;
};

}  // namespace smp::aws
