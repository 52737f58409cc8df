// botocore "standard" retry mode (aws-wire.md §6.1) with an injected random source, and the
// streaming rule of §6.5.
#include "aws/retry.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "aws/aws_error.hpp"

namespace smp::aws {
namespace {

using std::chrono::milliseconds;

RandomSource fixed(double value) {
  return [value] { return value; };
}

Error service_error(int status, std::string code, std::string message = "m") {
  HttpResponse r;
  r.status = status;
  r.headers.add("x-amzn-ErrorType", code);
  r.body = "{\"message\":\"" + message + "\"}";
  return parse_json_error(r);
}

Error no_response(ErrorKind kind) {
  return Error::make(kind, "Network", "connection reset");
}

TEST(RetryConfig, DefaultsAndOverrides) {
  const RetryConfig defaults;
  EXPECT_EQ(defaults.max_attempts, 3);
  EXPECT_EQ(defaults.base_delay, milliseconds(1000));
  EXPECT_EQ(defaults.max_backoff, milliseconds(20000));
  EXPECT_EQ(defaults.quota_capacity, 500);
  EXPECT_EQ(defaults.retry_cost, 5);
  EXPECT_EQ(defaults.timeout_retry_cost, 10);

  EXPECT_EQ(RetryConfig::from_environment(MapEnvironment{})->max_attempts, 3);
  EXPECT_EQ(RetryConfig::from_environment(MapEnvironment{{"AWS_MAX_ATTEMPTS", "5"}})->max_attempts,
            5);
  EXPECT_EQ(RetryConfig::from_environment(MapEnvironment{}, "7")->max_attempts, 7);
  // The environment beats the profile.
  EXPECT_EQ(
      RetryConfig::from_environment(MapEnvironment{{"AWS_MAX_ATTEMPTS", "2"}}, "7")->max_attempts,
      2);
  EXPECT_EQ(RetryConfig::from_environment(MapEnvironment{{"AWS_MAX_ATTEMPTS", "1"}})->max_attempts,
            1);
}

TEST(RetryConfig, InvalidMaxAttemptsNameTheirSource) {
  for (std::string bad : {"0", "-1", "abc", "3x", " 3", "99999999999"}) {
    SCOPED_TRACE(bad);
    auto config = RetryConfig::from_environment(MapEnvironment{{"AWS_MAX_ATTEMPTS", bad}});
    ASSERT_FALSE(config);
    EXPECT_EQ(config.error().kind, ErrorKind::invalid_argument);
    EXPECT_NE(config.error().message.find("AWS_MAX_ATTEMPTS"), std::string::npos);
  }
  auto profile = RetryConfig::from_environment(MapEnvironment{}, "zero");
  ASSERT_FALSE(profile);
  EXPECT_NE(profile.error().message.find("profile"), std::string::npos);
}

TEST(RetryPolicy, WhatIsRetryable) {
  const RetryPolicy policy({}, fixed(0.5));
  // Transient service faults and throttling (§6.1).
  EXPECT_TRUE(policy.should_retry(service_error(500, "InternalFailure"), 1, false));
  EXPECT_TRUE(policy.should_retry(service_error(503, "ServiceUnavailable"), 1, false));
  EXPECT_TRUE(policy.should_retry(service_error(502, "SomethingNew"), 1, false));
  EXPECT_TRUE(policy.should_retry(service_error(504, "SomethingNew"), 1, false));
  EXPECT_TRUE(policy.should_retry(service_error(400, "ThrottlingException"), 1, false));
  EXPECT_TRUE(policy.should_retry(service_error(400, "Throttling"), 1, false));
  EXPECT_TRUE(policy.should_retry(service_error(400, "RequestTimeout"), 1, false));
  // No response at all.
  EXPECT_TRUE(policy.should_retry(no_response(ErrorKind::connection), 1, false));
  EXPECT_TRUE(policy.should_retry(no_response(ErrorKind::timeout), 1, false));
  // SageMaker's "retry later".
  EXPECT_TRUE(policy.should_retry(service_error(429, "ModelNotReadyException"), 1, false));
  // Never: the model's own errors, bad input, auth, and 530.
  EXPECT_FALSE(policy.should_retry(service_error(424, "ModelError"), 1, false));
  EXPECT_FALSE(policy.should_retry(
      service_error(400, "ValidationError", "Endpoint e of account 1 not found."), 1, false));
  EXPECT_FALSE(policy.should_retry(service_error(403, "ExpiredTokenException"), 1, false));
  EXPECT_FALSE(policy.should_retry(service_error(403, "AccessDeniedException"), 1, false));
  EXPECT_FALSE(policy.should_retry(service_error(530, "InternalDependencyException"), 1, false));
  EXPECT_FALSE(policy.should_retry(service_error(501, "NotImplemented"), 1, false));
  EXPECT_FALSE(policy.should_retry(Error::make(ErrorKind::protocol, "X", "bad bytes"), 1, false));
}

TEST(RetryPolicy, NeverAfterTheFirstStreamedByteAndNeverPastMaxAttempts) {
  const RetryPolicy policy({}, fixed(0.5));
  const Error throttled = service_error(400, "ThrottlingException");
  EXPECT_FALSE(policy.should_retry(throttled, 1, true));
  EXPECT_FALSE(policy.should_retry(no_response(ErrorKind::connection), 1, true));
  EXPECT_TRUE(policy.should_retry(throttled, 2, false));
  EXPECT_FALSE(policy.should_retry(throttled, 3, false));
  RetryConfig one;
  one.max_attempts = 1;
  EXPECT_FALSE(RetryPolicy(one).should_retry(throttled, 1, false));
}

TEST(RetryPolicy, ModelNotReadyRetryCanBeTurnedOff) {
  RetryConfig config;
  config.retry_model_not_ready = false;
  EXPECT_FALSE(
      RetryPolicy(config).should_retry(service_error(429, "ModelNotReadyException"), 1, false));
}

TEST(RetryPolicy, FullJitterExponentialBackoffCappedAtTwentySeconds) {
  const RetryPolicy half({}, fixed(0.5));
  EXPECT_EQ(half.backoff(1), milliseconds(500));  // U(0,1) s for the first retry
  EXPECT_EQ(half.backoff(2), milliseconds(1000));
  EXPECT_EQ(half.backoff(3), milliseconds(2000));
  EXPECT_EQ(half.backoff(5), milliseconds(8000));
  EXPECT_EQ(half.backoff(6), milliseconds(10000));  // 0.5 * min(32 s, 20 s)
  EXPECT_EQ(half.backoff(1000), milliseconds(10000));
  EXPECT_EQ(RetryPolicy({}, fixed(0.0)).backoff(4), milliseconds(0));
  EXPECT_EQ(RetryPolicy({}, fixed(0.999)).backoff(40), milliseconds(19980));
  // The default source stays inside [0, cap).
  const RetryPolicy random;
  for (int attempt = 1; attempt < 10; ++attempt) {
    const auto delay = random.backoff(attempt);
    EXPECT_GE(delay.count(), 0);
    EXPECT_LT(delay, milliseconds(std::min(1000 << (attempt - 1), 20000)));
  }
}

TEST(RetryAttempts, RetriesUntilSuccessAndRefundsTheQuota) {
  RetryPolicy policy({}, fixed(0.25));
  RetryAttempts call(policy);
  EXPECT_EQ(call.request_header(), "attempt=1; max=3");
  const Error unavailable = service_error(503, "ServiceUnavailable");

  auto first = call.on_failure(unavailable, false);
  EXPECT_TRUE(first.retry);
  EXPECT_EQ(first.delay, milliseconds(250));
  EXPECT_EQ(call.attempt(), 2);
  EXPECT_EQ(call.request_header(), "attempt=2; max=3");
  EXPECT_EQ(policy.quota().available(), 495);

  auto second = call.on_failure(unavailable, false);
  EXPECT_TRUE(second.retry);
  EXPECT_EQ(second.delay, milliseconds(500));
  EXPECT_EQ(policy.quota().available(), 490);

  call.on_success();  // refunds the last retry's cost only
  EXPECT_EQ(policy.quota().available(), 495);
}

TEST(RetryAttempts, StopsWithAReason) {
  RetryPolicy policy({}, fixed(0.5));
  {
    RetryAttempts call(policy);
    EXPECT_EQ(call.on_failure(service_error(424, "ModelError"), false).reason, "not retryable");
    EXPECT_EQ(call.on_failure(no_response(ErrorKind::connection), true).reason, "body started");
  }
  {
    RetryAttempts call(policy);
    const Error throttled = service_error(400, "ThrottlingException");
    EXPECT_TRUE(call.on_failure(throttled, false).retry);
    EXPECT_TRUE(call.on_failure(throttled, false).retry);
    const RetryDecision last = call.on_failure(throttled, false);
    EXPECT_FALSE(last.retry);
    EXPECT_EQ(last.reason, "attempts exhausted");
    EXPECT_EQ(call.attempt(), 3);
  }
}

TEST(RetryAttempts, QuotaDrainsAndTimeoutsCostMore) {
  RetryConfig config;
  config.quota_capacity = 20;
  config.max_attempts = 10;
  RetryPolicy policy(config, fixed(0.0));
  RetryAttempts call(policy);
  EXPECT_TRUE(call.on_failure(no_response(ErrorKind::timeout), false).retry);  // 10
  EXPECT_EQ(policy.quota().available(), 10);
  EXPECT_TRUE(call.on_failure(service_error(500, "InternalFailure"), false).retry);  // 5
  EXPECT_TRUE(call.on_failure(no_response(ErrorKind::connection), false).retry);     // 5
  EXPECT_EQ(policy.quota().available(), 0);
  const RetryDecision refused = call.on_failure(service_error(500, "InternalFailure"), false);
  EXPECT_FALSE(refused.retry);
  EXPECT_EQ(refused.reason, "retry quota exhausted");
  // A service-side RequestTimeout is an ordinary retry (5), not a client timeout (10).
  EXPECT_EQ(policy.retry_cost(service_error(408, "RequestTimeout")), 5);
}

TEST(RetryAttempts, SuccessWithoutRetryAddsOneUpToCapacity) {
  RetryConfig config;
  config.quota_capacity = 10;
  RetryPolicy policy(config, fixed(0.0));
  ASSERT_TRUE(policy.quota().try_acquire(3));
  RetryAttempts(policy).on_success();
  EXPECT_EQ(policy.quota().available(), 8);
  RetryAttempts(policy).on_success();
  RetryAttempts(policy).on_success();
  RetryAttempts(policy).on_success();
  EXPECT_EQ(policy.quota().available(), 10);  // capped
}

TEST(RetryQuota, ConcurrentCallsKeepTheCountExact) {
  RetryQuota quota(100000);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) {
        ASSERT_TRUE(quota.try_acquire(5));
        quota.release(3);
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(quota.available(), 100000 - 4 * 10000 * 2);
}

}  // namespace
}  // namespace smp::aws
