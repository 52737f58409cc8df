#include "sagemaker/invoke_response.hpp"

namespace smp::sagemaker {

ResponseMetadata read_response_metadata(const Headers& headers, bool streaming) {
  auto get = [&](std::string_view name) { return std::string(headers.get(name).value_or("")); };
  ResponseMetadata m;
  m.request_id = get("x-amzn-RequestId");
  m.content_type = get(streaming ? "X-Amzn-SageMaker-Content-Type" : "Content-Type");
  m.invoked_variant = get("x-Amzn-Invoked-Production-Variant");
  m.custom_attributes = get("X-Amzn-SageMaker-Custom-Attributes");
  m.new_session_id = get("X-Amzn-SageMaker-New-Session-Id");
  m.closed_session_id = get("X-Amzn-SageMaker-Closed-Session-Id");
  return m;
}

}  // namespace smp::sagemaker
