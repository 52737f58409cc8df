#pragma once
// DescribeEndpoint on the SageMaker control plane (JSON 1.1, X-Amz-Target
// SageMaker.DescribeEndpoint): the request body and the parsed answer that `check` and model
// validation report.
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "base/http_message.hpp"

namespace smp::sagemaker {

struct ProductionVariantStatus {
  std::string name;
  std::optional<int> current_instance_count;
  std::optional<int> desired_instance_count;
  std::optional<double> current_weight;
  bool serverless = false;
};

struct EndpointDescription {
  std::string name;
  std::string arn;
  std::string config_name;
  std::string status;                   // InService, Creating, Updating, Failed, ...
  std::string failure_reason;           // when status is Failed
  std::optional<double> creation_time;  // epoch seconds, as the service sends them
  std::vector<ProductionVariantStatus> variants;

  bool in_service() const { return status == "InService"; }
};

// The unsigned request against the control-plane base URL ("https://api.sagemaker.REGION.…").
HttpRequest build_describe_endpoint_request(const std::string& endpoint_name,
                                            const std::string& base_url);

// Parses a 200 body; a body that is not the DescribeEndpoint shape is a protocol error.
Result<EndpointDescription> parse_describe_endpoint(std::string_view body);

}  // namespace smp::sagemaker
