#pragma once
// Sends one AWS API call: takes a credentials snapshot, signs, sends, parses error responses and
// retries as the retry policy allows (aws-wire.md §6). Every SageMaker, S3 and Comprehend call of
// this layer goes through here, so signing, retries, clock-skew correction, credential refresh on
// ExpiredToken and the verbose trace behave the same everywhere.
//
// Streaming calls are retried only while no body byte has been handed on (§6.5).
#include <chrono>
#include <functional>
#include <memory>
#include <string_view>

#include "aws/aws_error.hpp"
#include "aws/clock_skew.hpp"
#include "aws/credentials_provider.hpp"
#include "aws/endpoints.hpp"
#include "aws/retry.hpp"
#include "base/clock.hpp"
#include "base/error.hpp"
#include "base/http_message.hpp"
#include "http/client.hpp"

namespace smp::sagemaker {

// Receives one line of the verbose trace (never a secret: signatures and tokens are redacted).
using TraceSink = std::function<void(std::string_view)>;

struct SenderConfig {
  aws::CredentialsProviderPtr credentials;
  std::shared_ptr<aws::RetryPolicy> retry = std::make_shared<aws::RetryPolicy>();
  const Clock* clock = &SystemClock::instance();
  // Learnt from one skew error, used by every later signature.
  aws::ClockSkew* clock_skew = &aws::ClockSkew::process_wide();
  TraceSink trace;
};

struct CallOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  // SageMaker asks for a 70 s socket timeout on InvokeEndpoint (the container has 60 s).
  std::chrono::milliseconds idle_timeout{70'000};
  // A read timeout means the request arrived and the container may still be working on it:
  // retrying runs the inference again and multiplies the wait. Off for invocations.
  bool retry_read_timeouts = true;
};

struct Exchange {
  HttpResponse response;
  int attempts = 1;
};

struct StreamExchange {
  http::ResponseHead head;
  int attempts = 1;
};

class SignedSender {
 public:
  SignedSender(http::Client& http, SenderConfig config);

  // A whole response with a 2xx status, or the parsed, classified error.
  http::Task<Result<Exchange>> send(HttpRequest request, const aws::ResolvedEndpoint& endpoint,
                                    aws::ErrorProtocol protocol, CallOptions options = {});

  // A 2xx response's body goes to `on_body` chunk by chunk; `on_head` sees the 2xx head before
  // the first chunk. Error responses are read whole and returned as errors.
  http::Task<Result<StreamExchange>> send_streaming(HttpRequest request,
                                                    const aws::ResolvedEndpoint& endpoint,
                                                    aws::ErrorProtocol protocol,
                                                    CallOptions options, http::BodySink on_body,
                                                    http::HeadHandler on_head = {});

  const SenderConfig& config() const { return config_; }

 private:
  // The retry state of one logical call, across its attempts.
  struct CallState {
    explicit CallState(aws::RetryPolicy& policy);
    aws::RetryAttempts attempts;
    std::string invocation_id;    // amz-sdk-invocation-id: the same on every attempt
    bool refreshed = false;       // credentials were refreshed after ExpiredToken
    bool skew_corrected = false;  // the signing clock was corrected after a skew error
  };
  // Takes a credentials snapshot without blocking the thread (await_credentials) and signs.
  http::Task<Result<HttpRequest>> sign(const HttpRequest& request,
                                       const aws::ResolvedEndpoint& endpoint,
                                       const CallState& call);
  // Decides what to do after a failed attempt; returns the delay to wait, or nullopt to give up.
  std::optional<std::chrono::milliseconds> plan_retry(Error& error, const HttpResponse* response,
                                                      CallState& call, const CallOptions& options,
                                                      bool body_started);
  http::Task<void> sleep(std::chrono::milliseconds delay);
  void trace(std::string_view line) const;

  http::Client& http_;
  SenderConfig config_;
};

}  // namespace smp::sagemaker
