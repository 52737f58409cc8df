#pragma once
// The SageMaker Runtime client: InvokeEndpoint and InvokeEndpointWithResponseStream
// (aws-wire.md §1), over the signed sender. One client serves many concurrent calls.
#include <functional>
#include <string_view>

#include "aws/endpoints.hpp"
#include "base/error.hpp"
#include "http/task.hpp"
#include "sagemaker/invoke_request.hpp"
#include "sagemaker/invoke_response.hpp"
#include "sagemaker/signed_sender.hpp"

namespace smp::sagemaker {

// Receives the container's bytes of each PayloadPart, in order (a view valid during the call).
// Returning an error stops the stream and closes the connection (the caller went away).
using PartSink = std::function<http::Task<Result<void>>(std::string_view)>;
// Sees the response metadata once the stream has started, before the first part.
using StreamStartHandler = std::function<void(const ResponseMetadata&)>;

class RuntimeClient {
 public:
  // `endpoint` is the resolved sagemaker_runtime endpoint (aws/endpoints.hpp).
  RuntimeClient(SignedSender& sender, aws::ResolvedEndpoint endpoint, CallOptions options = {});

  http::Task<Result<InvokeResult>> invoke(InvokeRequest request);

  // Streams PayloadPart bytes into `on_part`. In-stream ModelStreamError, InternalStreamFailure
  // and truncated streams end the call with an error, never as a silent short answer.
  http::Task<Result<ResponseMetadata>> invoke_stream(InvokeRequest request, PartSink on_part,
                                                     StreamStartHandler on_start = {});

  const aws::ResolvedEndpoint& endpoint() const { return endpoint_; }

 private:
  Error with_endpoint_context(Error error, const InvokeRequest& request) const;

  SignedSender& sender_;
  aws::ResolvedEndpoint endpoint_;
  CallOptions options_;
};

}  // namespace smp::sagemaker
