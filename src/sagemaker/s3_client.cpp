#include "sagemaker/s3_client.hpp"

#include "aws/aws_error.hpp"
#include "aws/uri_encoding.hpp"

namespace smp::sagemaker {

S3Client::S3Client(SignedSender& sender, http::Client& http, aws::ResolvedEndpoint endpoint,
                   CallOptions options)
    : sender_(sender), http_(http), endpoint_(std::move(endpoint)), options_(options) {}

http::Task<Result<std::string>> S3Client::put_object(std::string_view bucket, std::string_view key,
                                                     std::string body,
                                                     std::string_view content_type) {
  if (bucket.empty() || key.empty())
    co_return fail(ErrorKind::invalid_argument, "InvalidObjectName",
                   "an S3 upload needs a bucket and a key");
  HttpRequest request;
  request.method = "PUT";
  request.url = endpoint_.url + "/" + aws::uri_encode(bucket) + "/" +
                aws::uri_encode(key, aws::SlashEncoding::keep);
  request.headers.set("Content-Type", std::string(content_type));
  request.body = std::move(body);
  auto exchange =
      co_await sender_.send(std::move(request), endpoint_, aws::ErrorProtocol::rest_xml, options_);
  if (!exchange) {
    Error error = std::move(exchange.error());
    error.with_detail("Bucket", std::string(bucket));
    co_return fail(std::move(error));
  }
  co_return std::string(exchange->response.headers.get("ETag").value_or(""));
}

http::Task<Result<FetchedObject>> S3Client::fetch_presigned(std::string url,
                                                            std::size_t max_bytes) {
  HttpRequest request;
  request.method = "GET";
  request.url = std::move(url);
  http::RequestOptions options;
  options.connect_timeout = options_.connect_timeout;
  options.idle_timeout = options_.idle_timeout;
  options.body_limit = max_bytes;
  auto response = co_await http_.send(std::move(request), options);
  if (!response) co_return fail(std::move(response.error()));
  if (response->status < 200 || response->status > 299) {
    Error error = aws::parse_error_response(*response, aws::ErrorProtocol::rest_xml);
    error.message = "fetching the audio from its presigned URL failed: " + error.message;
    co_return fail(std::move(error));
  }
  FetchedObject object;
  object.content_type = std::string(response->headers.get("Content-Type").value_or(""));
  object.body = std::move(response->body);
  co_return object;
}

}  // namespace smp::sagemaker
