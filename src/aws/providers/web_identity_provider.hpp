#pragma once
// AssumeRoleWithWebIdentity from a token file (aws-wire.md §4.4, §5.6): IRSA on EKS and generic
// OIDC. The file is re-read on every fetch because Kubernetes rotates it; the call is unsigned.
#include <optional>
#include <string>

#include "aws/credentials_context.hpp"
#include "aws/credentials_provider.hpp"
#include "aws/sts_client.hpp"

namespace smp::aws {

// STS accepts tokens of 4..20000 characters.
inline constexpr size_t kMaxWebIdentityTokenBytes = 20000;

struct WebIdentityConfig {
  std::string token_file;
  std::string role_arn;
  std::string role_session_name;  // empty: sagemaker-provider-web-identity-<unix time>
  std::optional<int> duration_seconds;
  StsClientConfig sts;
  std::string origin = "web identity";  // for name(): "web identity (environment)", "profile x"
};

class WebIdentityProvider final : public CredentialsProvider {
 public:
  WebIdentityProvider(WebIdentityConfig config, std::string session_name,
                      CredentialsContext context);

  Result<std::shared_ptr<const Credentials>> get() override;
  std::string name() const override { return config_.origin; }

 private:
  Result<std::string> read_token() const;

  WebIdentityConfig config_;
  std::string session_name_;
  StsClient sts_;
};

// Validates the role ARN and duration and returns the provider wrapped in a CachingProvider.
Result<CredentialsProviderPtr> make_web_identity_provider(WebIdentityConfig config,
                                                          const CredentialsContext& context);

// From AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN, AWS_ROLE_SESSION_NAME. Not configured without
// the token file variable; an error when it is set but AWS_ROLE_ARN is not.
Result<WebIdentityConfig> web_identity_config_from_environment(const Environment& env);

}  // namespace smp::aws
