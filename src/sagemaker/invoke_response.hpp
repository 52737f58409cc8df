#pragma once
// What SageMaker answers to an invocation (aws-wire.md §1.5), taken from the response headers.
#include <string>

#include "base/http_message.hpp"

namespace smp::sagemaker {

struct ResponseMetadata {
  std::string request_id;    // x-amzn-RequestId
  std::string content_type;  // the container's content type (stream: X-Amzn-SageMaker-Content-Type)
  std::string invoked_variant;    // x-Amzn-Invoked-Production-Variant
  std::string custom_attributes;  // X-Amzn-SageMaker-Custom-Attributes set by the container
  std::string new_session_id;     // X-Amzn-SageMaker-New-Session-Id ("<id>; Expires=…")
  std::string closed_session_id;  // X-Amzn-SageMaker-Closed-Session-Id
  int attempts = 1;               // how many HTTP attempts the call took
};

struct InvokeResult {
  ResponseMetadata metadata;
  std::string body;
};

// Reads the response headers of either operation; `streaming` picks where the content type is.
ResponseMetadata read_response_metadata(const Headers& headers, bool streaming);

}  // namespace smp::sagemaker
