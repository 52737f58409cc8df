#pragma once
// EC2 instance profile credentials over IMDSv2 (aws-wire.md §5.8):
//   PUT  /latest/api/token                              x-aws-ec2-metadata-token-ttl-seconds: 21600
//   GET  /latest/meta-data/iam/security-credentials/    → role name
//   GET  /latest/meta-data/iam/security-credentials/<role>  → JSON credentials
// Short timeouts (1 s) and one attempt by default, so the chain does not hang off EC2. No answer
// at all means "not on EC2": not configured. 403/404/405 on the token PUT fall back to IMDSv1
// unless AWS_EC2_METADATA_V1_DISABLED. A 401 on a GET re-fetches the token once.
// Static stability: credentials that are (nearly) expired are treated as valid for another
// 15 minutes plus jitter, so an IMDS that serves stale credentials is not hammered.
#include <chrono>
#include <mutex>
#include <string>

#include "aws/credentials_context.hpp"
#include "aws/credentials_provider.hpp"

namespace smp::aws {

struct ImdsConfig {
  std::string endpoint = "http://169.254.169.254";
  std::chrono::milliseconds timeout{1000};
  int attempts = 1;
  bool v1_fallback = true;
  bool disabled = false;
};

// AWS_EC2_METADATA_DISABLED, AWS_EC2_METADATA_SERVICE_ENDPOINT,
// AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE (IPv6 → http://[fd00:ec2::254]),
// AWS_EC2_METADATA_V1_DISABLED, AWS_METADATA_SERVICE_TIMEOUT (seconds),
// AWS_METADATA_SERVICE_NUM_ATTEMPTS.
ImdsConfig imds_config_from_environment(const Environment& env);

class ImdsProvider final : public CredentialsProvider {
 public:
  ImdsProvider(ImdsConfig config, CredentialsContext context);

  Result<std::shared_ptr<const Credentials>> get() override;
  std::string name() const override { return "EC2 instance metadata"; }

 private:
  // nullopt: no token (IMDSv1 fallback). Error "not configured" when nothing answers.
  Result<std::optional<std::string>> fetch_token() const;
  Result<std::string> get_path(const std::string& path, std::optional<std::string>& token,
                               bool& token_refreshed) const;

  ImdsConfig config_;
  CredentialsContext context_;
};

}  // namespace smp::aws
