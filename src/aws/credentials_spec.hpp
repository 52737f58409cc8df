#pragma once
// One description of "which credentials" for the provider layer (Dify form, gateway config, CLI
// flags), and the provider it builds:
//   base  = static keys when access_key_id is set, else the named profile, else the default chain
//   then  = AssumeRole of role_arn on top of the base, when role_arn is set
#include <optional>
#include <string>

#include "aws/credentials_context.hpp"
#include "aws/credentials_provider.hpp"
#include "aws/providers/chain_provider.hpp"

namespace smp::aws {

struct CredentialsSpec {
  std::string access_key_id;
  std::string secret_access_key;  // secret
  std::string session_token;      // secret
  std::string profile;
  std::string role_arn;
  std::string external_id;
  std::string role_session_name;
  std::optional<int> duration_seconds;
  std::string region;            // the STS region of role calls (the model's region)
  std::string sts_endpoint_url;  // override (VPC endpoint, emulator)
  std::string model_type;        // default session names: sagemaker-provider-<model type>-<time>
};

struct BuiltCredentials {
  CredentialsProviderPtr provider;
  // Set when the base is the default chain: which source answered, for `check`.
  std::shared_ptr<ProviderChain> chain;
};

// Validates locally (keys both present, role ARN, external id, session name, duration) and builds
// the provider; no network call happens here.
Result<BuiltCredentials> build_credentials(const CredentialsSpec& spec,
                                           const CredentialsContext& context);

}  // namespace smp::aws
