#include "sagemaker/control_plane_client.hpp"

namespace smp::sagemaker {

ControlPlaneClient::ControlPlaneClient(SignedSender& sender, aws::ResolvedEndpoint endpoint,
                                       CallOptions options)
    : sender_(sender), endpoint_(std::move(endpoint)), options_(options) {}

http::Task<Result<EndpointDescription>> ControlPlaneClient::describe_endpoint(
    std::string endpoint_name) {
  HttpRequest request = build_describe_endpoint_request(endpoint_name, endpoint_.url);
  auto exchange =
      co_await sender_.send(std::move(request), endpoint_, aws::ErrorProtocol::json, options_);
  if (!exchange) co_return std::unexpected(std::move(exchange.error()));
  auto description = parse_describe_endpoint(exchange->response.body);
  if (!description) {
    description.error().request_id =
        std::string(exchange->response.headers.get("x-amzn-RequestId").value_or(""));
  }
  co_return description;
}

}  // namespace smp::sagemaker
