#include "sagemaker/runtime_client.hpp"

#include <fmt/format.h>

#include "aws/eventstream_sagemaker.hpp"

namespace smp::sagemaker {

RuntimeClient::RuntimeClient(SignedSender& sender, aws::ResolvedEndpoint endpoint,
                             CallOptions options)
    : sender_(sender), endpoint_(std::move(endpoint)), options_(options) {
  options_.retry_read_timeouts = false;
}

Error RuntimeClient::with_endpoint_context(Error error, const InvokeRequest& request) const {
  // Name the endpoint in messages that do not already: "connection refused" alone does not say
  // which of several configured models failed.
  if (error.message.find(request.endpoint_name) == std::string::npos &&
      (error.kind == ErrorKind::connection || error.kind == ErrorKind::timeout ||
       error.kind == ErrorKind::protocol)) {
    error.message = fmt::format("endpoint {}: {}", request.endpoint_name, error.message);
  }
  return error;
}

http::Task<Result<InvokeResult>> RuntimeClient::invoke(InvokeRequest request) {
  if (auto ok = validate(request, InvokeMode::buffered); !ok) {
    co_return std::unexpected(std::move(ok.error()));
  }
  HttpRequest http = build_http_request(request, InvokeMode::buffered, endpoint_.url);
  auto exchange =
      co_await sender_.send(std::move(http), endpoint_, aws::ErrorProtocol::json, options_);
  if (!exchange) co_return std::unexpected(with_endpoint_context(exchange.error(), request));
  InvokeResult result;
  result.metadata = read_response_metadata(exchange->response.headers, false);
  result.metadata.attempts = exchange->attempts;
  result.body = std::move(exchange->response.body);
  co_return result;
}

http::Task<Result<ResponseMetadata>> RuntimeClient::invoke_stream(InvokeRequest request,
                                                                  PartSink on_part,
                                                                  StreamStartHandler on_start) {
  if (auto ok = validate(request, InvokeMode::streaming); !ok) {
    co_return std::unexpected(std::move(ok.error()));
  }
  HttpRequest http = build_http_request(request, InvokeMode::streaming, endpoint_.url);

  aws::eventstream::ResponseStreamDecoder decoder;
  std::optional<Error> stream_error;  // an in-stream exception or a framing error
  std::string request_id;             // in-stream errors carry none of their own
  http::HeadHandler on_head = [&](const http::ResponseHead& head) -> http::Task<Result<void>> {
    auto metadata = read_response_metadata(head.headers, true);
    request_id = metadata.request_id;
    if (on_start) on_start(metadata);
    co_return Result<void>{};
  };
  http::BodySink on_body = [&](std::string_view chunk) -> http::Task<Result<void>> {
    decoder.feed(chunk);
    while (true) {
      auto part = decoder.next_part();
      if (!part) {
        stream_error = part.error();
        co_return std::unexpected(std::move(part.error()));
      }
      if (!*part) co_return Result<void>{};
      if (auto ok = co_await on_part(**part); !ok) co_return ok;
    }
  };

  auto exchange =
      co_await sender_.send_streaming(std::move(http), endpoint_, aws::ErrorProtocol::json,
                                      options_, std::move(on_body), std::move(on_head));
  if (!exchange) {
    // The decoder's error (ModelStreamError, ...) is the real story, not "sink refused".
    Error error = stream_error ? *stream_error : exchange.error();
    if (error.request_id.empty()) error.request_id = request_id;
    co_return std::unexpected(with_endpoint_context(std::move(error), request));
  }
  if (auto done = decoder.finish(); !done) {
    Error error = done.error();
    if (error.request_id.empty()) error.request_id = request_id;
    co_return std::unexpected(with_endpoint_context(std::move(error), request));
  }
  ResponseMetadata metadata = read_response_metadata(exchange->head.headers, true);
  metadata.attempts = exchange->attempts;
  co_return metadata;
}

}  // namespace smp::sagemaker
