#pragma once
// Everything one set of user settings needs to talk to SageMaker: the region, the credentials
// provider, the resolved endpoints and the clients over one signed sender. The CLI builds one per
// command; the provider layer builds one per distinct model configuration and caches it.
#include <memory>
#include <string>

#include "aws/credentials_spec.hpp"
#include "aws/endpoints.hpp"
#include "aws/sts_client.hpp"
#include "base/environment.hpp"
#include "base/error.hpp"
#include "http/client.hpp"
#include "sagemaker/comprehend_client.hpp"
#include "sagemaker/control_plane_client.hpp"
#include "sagemaker/runtime_client.hpp"
#include "sagemaker/s3_client.hpp"
#include "sagemaker/signed_sender.hpp"

namespace smp::sagemaker {

struct ConnectionSettings {
  std::string region;        // empty: AWS_REGION, AWS_DEFAULT_REGION, the profile's region
  std::string endpoint_url;  // sends every service of this connection there (emulator, proxy)
  // Keys, profile, role, external id, session name, duration. Its region and STS endpoint are
  // filled in from the settings above.
  aws::CredentialsSpec credentials;
  CallOptions call;
  int max_attempts = 0;  // 0: AWS_MAX_ATTEMPTS or 3
};

// The outside world a connection uses; tests inject their own.
struct ConnectionContext {
  const Environment* environment = &ProcessEnvironment::instance();
  const Clock* clock = &SystemClock::instance();
  aws::HttpTransport blocking_transport;  // STS, IMDS, container credentials
  TraceSink trace;
};

class Connection {
 public:
  // Resolves region, endpoints and credentials (no network call yet).
  static Result<std::unique_ptr<Connection>> open(http::Client& http, ConnectionSettings settings,
                                                  ConnectionContext context);

  const aws::ResolvedRegion& region() const { return region_; }
  const aws::BuiltCredentials& credentials() const { return credentials_; }
  const ConnectionSettings& settings() const { return settings_; }
  RuntimeClient& runtime() { return *runtime_; }
  ControlPlaneClient& control_plane() { return *control_plane_; }
  S3Client& s3() { return *s3_; }  // audio uploads and presigned downloads
  ComprehendClient& comprehend() { return *comprehend_; }
  SignedSender& sender() { return *sender_; }
  const Environment& environment() const { return *context_.environment; }
  // An STS client on this connection's region and endpoint (GetCallerIdentity for `check`).
  aws::StsClient sts() const;
  // The credentials under the role (the keys, profile or chain that call AssumeRole), or the
  // credentials themselves when no role is configured. For `check`, which shows both.
  Result<aws::BuiltCredentials> base_credentials() const;
  // The same settings in another region (check --scan-regions).
  Result<std::unique_ptr<Connection>> in_region(http::Client& http,
                                                const std::string& region) const;

 private:
  Connection() = default;
  aws::CredentialsContext credentials_context() const;

  ConnectionSettings settings_;
  ConnectionContext context_;
  aws::ResolvedRegion region_;
  aws::BuiltCredentials credentials_;
  std::unique_ptr<SignedSender> sender_;
  std::unique_ptr<RuntimeClient> runtime_;
  std::unique_ptr<ControlPlaneClient> control_plane_;
  std::unique_ptr<S3Client> s3_;
  std::unique_ptr<ComprehendClient> comprehend_;
};

}  // namespace smp::sagemaker
