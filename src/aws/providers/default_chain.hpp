#pragma once
// The default credential chain, in the order common to botocore and aws-c-auth (aws-wire.md §5.1):
//   environment keys → web identity from the environment → the shared-file profile (static keys,
//   assume role, credential_process, web identity) → container (ECS / EKS Pod Identity) →
//   EC2 instance metadata (IMDSv2).
// When the caller names a profile explicitly, the environment keys are skipped (botocore does the
// same: an explicit profile means "use this profile"). The chain is cached as a whole, so
// concurrent first calls resolve it once, and it remembers which source answered.
#include <memory>
#include <string>

#include "aws/credentials_context.hpp"
#include "aws/providers/chain_provider.hpp"
#include "aws/providers/profile_provider.hpp"

namespace smp::aws {

struct DefaultChainOptions {
  std::string profile;           // explicit profile; empty: AWS_PROFILE / default
  std::string region;            // for STS calls the chain makes
  std::string model_type;        // for default role session names
  std::string sts_endpoint_url;  // override
  bool use_instance_metadata = true;
};

struct DefaultChain {
  CredentialsProviderPtr provider;       // cached; use this one
  std::shared_ptr<ProviderChain> chain;  // for answered_by()
};

DefaultChain make_default_chain(const CredentialsContext& context,
                                const DefaultChainOptions& options = {});

}  // namespace smp::aws
