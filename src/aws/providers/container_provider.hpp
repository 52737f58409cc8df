#pragma once
// ECS task roles and EKS Pod Identity (aws-wire.md §5.7):
//   AWS_CONTAINER_CREDENTIALS_RELATIVE_URI → http://169.254.170.2<relative uri> (wins), else
//   AWS_CONTAINER_CREDENTIALS_FULL_URI     → https to any host; http only to loopback, the ECS
//                                            agent (169.254.170.2) or the EKS Pod Identity agent
//                                            (169.254.170.23, fd00:ec2::23)
//   Authorization: the raw token from AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (re-read on every
//   fetch: EKS rotates it) or AWS_CONTAINER_AUTHORIZATION_TOKEN.
#include <string>

#include "aws/credentials_context.hpp"
#include "aws/credentials_provider.hpp"

namespace smp::aws {

struct ContainerEndpoint {
  std::string url;
  std::string token;       // literal token (AWS_CONTAINER_AUTHORIZATION_TOKEN)
  std::string token_file;  // preferred when set
};

// Not configured without either URI variable; an error for a FULL_URI host that is not allowed.
Result<ContainerEndpoint> container_endpoint_from_environment(const Environment& env);

// The FULL_URI rule above; exposed for tests. Error names the host and the allowed ones.
Result<void> check_container_uri(std::string_view url);

class ContainerProvider final : public CredentialsProvider {
 public:
  ContainerProvider(ContainerEndpoint endpoint, CredentialsContext context, int attempts = 3);

  Result<std::shared_ptr<const Credentials>> get() override;
  std::string name() const override { return "container (" + endpoint_.url + ")"; }

 private:
  Result<std::string> authorization() const;

  ContainerEndpoint endpoint_;
  CredentialsContext context_;
  int attempts_;
};

}  // namespace smp::aws
