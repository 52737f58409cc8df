#pragma once
// What one InvokeEndpoint / InvokeEndpointWithResponseStream call carries (aws-wire.md §1.3–§1.6),
// validated locally against the service model's constraints so a bad value is explained here rather
// than answered with a bare ValidationError from AWS.
#include <cstddef>
#include <string>

#include "base/error.hpp"
#include "base/http_message.hpp"

namespace smp::sagemaker {

// The service model's BodyBlob maximum for both invoke operations.
inline constexpr std::size_t kMaxRequestBodyBytes = 6 * 1024 * 1024;

struct InvokeRequest {
  std::string endpoint_name;
  std::string body;
  std::string content_type = "application/json";
  std::string accept;  // Accept (invoke) or X-Amzn-SageMaker-Accept (stream)
  std::string custom_attributes;
  std::string target_model;  // multi-model endpoints; invoke only
  std::string target_variant;
  std::string target_container_hostname;  // multi-container direct invocation
  std::string inference_id;
  std::string session_id;  // stateful sessions; NEW_SESSION only on invoke
  std::string inference_component;
  std::string enable_explanations;  // invoke only (Clarify)
  std::string prefix_aware_id;      // routing hint
};

enum class InvokeMode { buffered, streaming };

// Checks every field against the model's constraints; the error names the field and the rule.
Result<void> validate(const InvokeRequest& request, InvokeMode mode);

// The path of the operation, e.g. "/endpoints/my-ep/invocations-response-stream".
std::string invoke_path(const InvokeRequest& request, InvokeMode mode);

// Builds the unsigned HTTP request against `base_url`
// ("https://runtime.sagemaker.us-east-1.amazonaws.com").
HttpRequest build_http_request(const InvokeRequest& request, InvokeMode mode,
                               const std::string& base_url);

}  // namespace smp::sagemaker
