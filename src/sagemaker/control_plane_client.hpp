#pragma once
// The SageMaker control plane, as far as this project needs it: DescribeEndpoint, for `check`
// and for validating a model's configuration when it is saved.
#include <string>

#include "aws/endpoints.hpp"
#include "http/task.hpp"
#include "sagemaker/endpoint_description.hpp"
#include "sagemaker/signed_sender.hpp"

namespace smp::sagemaker {

class ControlPlaneClient {
 public:
  // `endpoint` is the resolved `sagemaker` (control plane) endpoint of aws/endpoints.hpp.
  ControlPlaneClient(SignedSender& sender, aws::ResolvedEndpoint endpoint,
                     CallOptions options = {});

  http::Task<Result<EndpointDescription>> describe_endpoint(std::string endpoint_name);

  const aws::ResolvedEndpoint& endpoint() const { return endpoint_; }

 private:
  SignedSender& sender_;
  aws::ResolvedEndpoint endpoint_;
  CallOptions options_;
};

}  // namespace smp::sagemaker
