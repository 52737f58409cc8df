#pragma once
// A small blocking STS client (aws-wire.md §4): AssumeRole (signed), AssumeRoleWithWebIdentity
// (unsigned), GetCallerIdentity (signed), against the regional endpoint of the configured region
// or an override (AWS_ENDPOINT_URL_STS, a VPC endpoint, the local emulator).
//
// Throttling, IDPCommunicationError, 5xx and connection failures are retried (max_attempts,
// exponential back-off through CredentialsContext::sleep). Errors come from sts_diagnosis: kind
// auth for credential problems, with a message that names the likely cause.
// Thread-safe: the client is immutable after construction.
#include <optional>
#include <string>

#include "aws/credentials.hpp"
#include "aws/credentials_context.hpp"
#include "aws/sts_diagnosis.hpp"
#include "aws/sts_request.hpp"
#include "aws/sts_xml.hpp"
#include "aws/transport.hpp"
#include "base/error.hpp"

namespace smp::aws {

struct StsClientConfig {
  std::string region;  // signing region; empty: us-east-1
  // Empty: AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, else the regional endpoint (aws/endpoints.hpp).
  std::string endpoint_url;
  TransportOptions timeouts{std::chrono::milliseconds(3000), std::chrono::milliseconds(10000)};
  int max_attempts = 3;
};

class StsClient {
 public:
  StsClient(CredentialsContext context, StsClientConfig config);

  // `caller_label` describes the source credentials in error messages ("profile dev").
  Result<StsCredentialsResult> assume_role(const Credentials& caller,
                                           const AssumeRoleParams& params,
                                           std::string_view caller_label = {}) const;
  // `token_file` only labels error messages.
  Result<StsCredentialsResult> assume_role_with_web_identity(
      const WebIdentityParams& params, std::string_view token_file = {}) const;
  Result<CallerIdentity> get_caller_identity(const Credentials& caller) const;

  const std::string& endpoint_url() const { return endpoint_url_; }
  const std::string& region() const { return region_; }
  // The partition of the region ("aws", "aws-cn", …): a role ARN must be in the same one.
  const std::string& partition() const { return partition_; }

  // Builds the signed (or, for web identity, unsigned) request without sending it; for tests and
  // `check --verbose`.
  HttpRequest signed_request(std::string body, const Credentials& caller) const;
  HttpRequest unsigned_request(std::string body) const;

 private:
  Result<HttpResponse> send(const HttpRequest& request, const StsCallFacts& facts) const;
  std::optional<Error> endpoint_failure(std::string_view action) const;

  CredentialsContext context_;
  StsClientConfig config_;
  std::string region_;
  std::string signing_region_;
  std::string partition_;
  std::string endpoint_url_;
  std::optional<Error> endpoint_error_;  // a malformed region or override, reported per call
};

}  // namespace smp::aws
