#include "sagemaker/signed_sender.hpp"

#include <fmt/format.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "aws/sigv4.hpp"
#include "base/uuid.hpp"
#include "sagemaker/credentials_await.hpp"

namespace smp::sagemaker {

namespace {

using Millis = std::chrono::milliseconds;

// ExpiredToken(Exception): the snapshot's session token ran out between get() and the call.
bool is_expired_token(const Error& e) {
  return e.code == "ExpiredToken" || e.code == "ExpiredTokenException";
}

// The Authorization header with its signature hidden: enough to see scope and signed headers.
std::string redacted_authorization(std::string_view authorization) {
  auto at = authorization.find("Signature=");
  if (at == std::string_view::npos) return "<redacted>";
  return std::string(authorization.substr(0, at)) + "Signature=<redacted>";
}

Millis since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now() - start);
}

}  // namespace

SignedSender::SignedSender(http::Client& http, SenderConfig config)
    : http_(http), config_(std::move(config)) {}

void SignedSender::trace(std::string_view line) const {
  if (config_.trace) config_.trace(line);
}

SignedSender::CallState::CallState(aws::RetryPolicy& policy)
    : attempts(policy), invocation_id(random_uuid()) {}

http::Task<Result<HttpRequest>> SignedSender::sign(const HttpRequest& request,
                                                   const aws::ResolvedEndpoint& endpoint,
                                                   const CallState& call) {
  const auto& attempts = call.attempts;
  if (!config_.credentials) {
    co_return fail(ErrorKind::auth, "NoCredentials", "no AWS credentials were configured");
  }
  // Every attempt asks again: a refresh (or the re-sign after ExpiredToken) takes effect at once.
  auto credentials = co_await await_credentials(*config_.credentials);
  if (!credentials) co_return std::unexpected(std::move(credentials.error()));

  HttpRequest signed_request = request;
  aws::SigningParams params;
  params.region = endpoint.signing_region;
  params.service = endpoint.signing_name;
  params.time = config_.clock_skew->signing_time(*config_.clock);
  if (endpoint.signing_name == "s3") {
    // S3 signs the path as sent (no normalisation, no second encoding) and wants the payload hash
    // in x-amz-content-sha256 (aws-wire.md §3).
    params.normalize_path = false;
    params.double_encode_path = false;
    params.add_content_sha256 = true;
  }
  aws::sign_request_fast(signed_request, **credentials, params);
  // Telemetry headers go on after signing: they change per attempt and are never signed.
  signed_request.headers.set("amz-sdk-invocation-id", call.invocation_id);
  signed_request.headers.set("amz-sdk-request", attempts.request_header());

  if (config_.trace) {
    trace(fmt::format("> {} {} (attempt {}, credentials {} from {})", signed_request.method,
                      signed_request.url, attempts.attempt(), (*credentials)->redacted_key_id(),
                      (*credentials)->source));
    for (const auto& [name, value] : signed_request.headers) {
      if (iequals(name, "Authorization")) {
        trace(fmt::format(">   {}: {}", name, redacted_authorization(value)));
      } else if (iequals(name, "X-Amz-Security-Token")) {
        trace(fmt::format(">   {}: <redacted>", name));
      } else {
        trace(fmt::format(">   {}: {}", name, value));
      }
    }
  }
  co_return signed_request;
}

std::optional<Millis> SignedSender::plan_retry(Error& error, const HttpResponse* response,
                                               CallState& call, const CallOptions& options,
                                               bool body_started) {
  if (!body_started && is_expired_token(error) && !call.refreshed) {
    // The snapshot expired under us: fetch fresh credentials and re-sign, once.
    call.refreshed = true;
    config_.credentials->invalidate();
    trace("  credentials expired: refreshing and signing again");
    return Millis{0};
  }
  if (!body_started && response != nullptr && !call.skew_corrected &&
      aws::is_skew_error(error.code, error.message)) {
    auto server = aws::server_time_from(*response);
    if (server && config_.clock_skew->adjust(*server, config_.clock->now())) {
      call.skew_corrected = true;
      trace(fmt::format(
          "  clock skew: signing {} s off the local clock and trying again",
          std::chrono::duration_cast<std::chrono::seconds>(config_.clock_skew->offset()).count()));
      return Millis{0};
    }
  }
  if (error.code == "ReadTimeout" && !options.retry_read_timeouts) return std::nullopt;
  auto decision = call.attempts.on_failure(error, body_started);
  if (decision.retry) {
    trace(fmt::format("  retrying in {} ms ({})", decision.delay.count(), error.code));
    return decision.delay;
  }
  if (call.attempts.attempt() > 1) {
    error.with_detail("Attempts", std::to_string(call.attempts.attempt()));
  }
  return std::nullopt;
}

http::Task<void> SignedSender::sleep(Millis delay) {
  if (delay.count() <= 0) co_return;
  boost::asio::steady_timer timer(http_.executor(), delay);
  co_await timer.async_wait(boost::asio::use_awaitable);
}

http::Task<Result<Exchange>> SignedSender::send(HttpRequest request,
                                                const aws::ResolvedEndpoint& endpoint,
                                                aws::ErrorProtocol protocol, CallOptions options) {
  CallState call(*config_.retry);
  while (true) {
    auto signed_request = co_await sign(request, endpoint, call);
    if (!signed_request) co_return std::unexpected(std::move(signed_request.error()));
    http::RequestOptions http_options;
    http_options.connect_timeout = options.connect_timeout;
    http_options.idle_timeout = options.idle_timeout;

    const auto start = std::chrono::steady_clock::now();
    auto response = co_await http_.send(std::move(*signed_request), http_options);
    if (response && response->status / 100 == 2) {
      call.attempts.on_success();
      trace(fmt::format("< {} in {} ms, request id {}", response->status, since(start).count(),
                        response->headers.get("x-amzn-RequestId").value_or("-")));
      co_return Exchange{std::move(*response), call.attempts.attempt()};
    }
    Error error = response ? aws::parse_error_response(*response, protocol) : response.error();
    trace(fmt::format("< failed in {} ms: {}", since(start).count(), error.describe()));
    auto delay = plan_retry(error, response ? &*response : nullptr, call, options, false);
    if (!delay) co_return std::unexpected(std::move(error));
    co_await sleep(*delay);
  }
}

http::Task<Result<StreamExchange>> SignedSender::send_streaming(
    HttpRequest request, const aws::ResolvedEndpoint& endpoint, aws::ErrorProtocol protocol,
    CallOptions options, http::BodySink on_body, http::HeadHandler on_head) {
  // An error body is read whole, but never without bound (a proxy's page, a misbehaving peer).
  constexpr std::size_t max_error_body = 1 << 20;
  CallState call(*config_.retry);
  while (true) {
    auto signed_request = co_await sign(request, endpoint, call);
    if (!signed_request) co_return std::unexpected(std::move(signed_request.error()));
    http::RequestOptions http_options;
    http_options.connect_timeout = options.connect_timeout;
    http_options.idle_timeout = options.idle_timeout;

    // Per-attempt state the two callbacks share with this frame.
    bool body_started = false;
    bool caller_failed = false;
    std::optional<HttpResponse> error_response;
    http::HeadHandler head_handler =
        [&](const http::ResponseHead& head) -> http::Task<Result<void>> {
      if (head.status / 100 != 2) {
        error_response.emplace();
        error_response->status = head.status;
        error_response->headers = head.headers;
        co_return Result<void>{};
      }
      if (!on_head) co_return Result<void>{};
      auto ok = co_await on_head(head);
      if (!ok) caller_failed = true;
      co_return ok;
    };
    http::BodySink body_sink = [&](std::string_view chunk) -> http::Task<Result<void>> {
      if (error_response) {
        auto room = max_error_body - std::min(max_error_body, error_response->body.size());
        error_response->body.append(chunk.substr(0, room));
        co_return Result<void>{};
      }
      body_started = true;
      auto ok = co_await on_body(chunk);
      if (!ok) caller_failed = true;
      co_return ok;
    };

    const auto start = std::chrono::steady_clock::now();
    auto head = co_await http_.send_streaming(std::move(*signed_request), http_options,
                                              std::move(body_sink), std::move(head_handler));
    if (head && !error_response) {
      call.attempts.on_success();
      trace(fmt::format("< {} stream ended after {} ms, request id {}", head->status,
                        since(start).count(), head->headers.get("x-amzn-RequestId").value_or("-")));
      co_return StreamExchange{std::move(*head), call.attempts.attempt()};
    }
    // The caller's own refusal is final: it is not a transport or service failure.
    if (!head && caller_failed) co_return std::unexpected(std::move(head.error()));
    Error error = (head && error_response) ? aws::parse_error_response(*error_response, protocol)
                                           : head.error();
    trace(fmt::format("< failed after {} ms: {}", since(start).count(), error.describe()));
    auto delay =
        plan_retry(error, error_response ? &*error_response : nullptr, call, options, body_started);
    if (!delay) co_return std::unexpected(std::move(error));
    co_await sleep(*delay);
  }
}

}  // namespace smp::sagemaker
