#pragma once
// botocore "standard" retry mode (aws-wire.md §6.1, §6.5): bounded attempts, exponential backoff
// with full jitter, and a retry quota (token bucket) shared by every call of a client, plus the
// streaming rule: nothing is retried once a byte of the response body has been handed on.
//
//   RetryPolicy policy(RetryConfig::from_environment(env).value());   // one per client
//   RetryAttempts call(policy);                                        // one per logical call
//   while (true) {
//     request.headers.set("amz-sdk-request", call.request_header());
//     auto response = send(request);
//     if (response) { call.on_success(); return response; }
//     auto decision = call.on_failure(response.error(), /*body_started=*/false);
//     if (!decision.retry) return response.error();
//     sleep(decision.delay);
//   }
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "base/environment.hpp"
#include "base/error.hpp"

namespace smp::aws {

struct RetryConfig {
  int max_attempts = 3;  // the first attempt included
  std::chrono::milliseconds base_delay{1000};
  std::chrono::milliseconds max_backoff{20000};
  int quota_capacity = 500;
  int retry_cost = 5;
  int timeout_retry_cost = 10;  // client-side connect/read timeouts cost more
  int no_retry_increment = 1;   // refill after a call that succeeded without retrying
  // ModelNotReadyException (429: serverless cold start, multi-model endpoint loading) is not in
  // botocore's standard set, but SageMaker documents it as "retry later" (aws-wire.md §6.5).
  bool retry_model_not_ready = true;

  // Defaults, with max_attempts from AWS_MAX_ATTEMPTS, else `profile_max_attempts` (the shared
  // config's max_attempts, read by the caller). A value that is not an integer >= 1 is an
  // ErrorKind::invalid_argument error naming its source.
  static Result<RetryConfig> from_environment(const Environment& environment,
                                              std::optional<std::string> profile_max_attempts = {});
};

// A uniform random number in [0, 1). Injectable so tests see exact delays. Must be safe to call
// from the threads that share the policy; the default one is (thread-local engines).
using RandomSource = std::function<double()>;
RandomSource default_random_source();

// Token bucket shared by all calls of a client (botocore retries/quota.py). Thread-safe.
class RetryQuota {
 public:
  explicit RetryQuota(int capacity) : capacity_(capacity), available_(capacity) {}
  bool try_acquire(int amount);
  void release(int amount);  // never beyond capacity
  int available() const;
  int capacity() const { return capacity_; }

 private:
  const int capacity_;
  mutable std::mutex mutex_;
  int available_;
};

class RetryPolicy {
 public:
  explicit RetryPolicy(RetryConfig config = {}, RandomSource random = default_random_source());

  // Whether this error is worth another attempt at all: connection errors, client-side
  // timeouts, throttling, transient service faults (Error::retryable as aws_error.hpp classifies
  // them) and, if configured, ModelNotReadyException.
  bool is_retryable(const Error& error) const;

  // The rule without side effects: `attempt` (1-based) has just failed with `error`; retry when
  // attempts remain, the error is retryable and no response body byte was streamed.
  bool should_retry(const Error& error, int attempt, bool body_started) const;

  // Full-jitter delay before the attempt after `attempt` (1-based): random() * min(base *
  // 2^(attempt-1), max_backoff).
  std::chrono::milliseconds backoff(int attempt) const;

  // Quota cost of retrying after this error.
  int retry_cost(const Error& error) const;

  const RetryConfig& config() const { return config_; }
  RetryQuota& quota() { return quota_; }
  const RetryQuota& quota() const { return quota_; }

 private:
  RetryConfig config_;
  RandomSource random_;
  RetryQuota quota_;
};

struct RetryDecision {
  bool retry = false;
  std::chrono::milliseconds delay{0};
  // Why not, when retry is false: "not retryable", "body started", "attempts exhausted",
  // "retry quota exhausted". Empty when retrying.
  std::string reason;
};

// The retry state of one logical call (all attempts of one request). Not thread-safe; the
// policy it refers to must outlive it.
class RetryAttempts {
 public:
  explicit RetryAttempts(RetryPolicy& policy) : policy_(policy) {}

  int attempt() const { return attempt_; }  // 1-based number of the current attempt
  // "attempt=2; max=3": the amz-sdk-request header value for the current attempt.
  std::string request_header() const;

  // Records a failed attempt. On retry the quota is charged and attempt() advances.
  RetryDecision on_failure(const Error& error, bool body_started);
  // Records success: refunds the last retry's cost, or adds the no-retry increment.
  void on_success();

 private:
  RetryPolicy& policy_;
  int attempt_ = 1;
  int last_retry_cost_ = 0;
};

}  // namespace smp::aws
