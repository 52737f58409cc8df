// botocore retries/standard.py and retries/quota.py, with the §6.5 streaming rule.
#include "aws/retry.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <random>

namespace smp::aws {
namespace {

Result<int> parse_max_attempts(std::string_view text, std::string_view source) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1) {
    return fail(ErrorKind::invalid_argument, "InvalidMaxAttempts",
                "max attempts '" + std::string(text) + "' from " + std::string(source) +
                    " must be a whole number of at least 1");
  }
  return value;
}

}  // namespace

Result<RetryConfig> RetryConfig::from_environment(const Environment& environment,
                                                  std::optional<std::string> profile_max_attempts) {
  RetryConfig config;
  if (auto text = environment.get("AWS_MAX_ATTEMPTS")) {
    auto value = parse_max_attempts(*text, "AWS_MAX_ATTEMPTS");
    if (!value) return std::unexpected(value.error());
    config.max_attempts = *value;
  } else if (profile_max_attempts && !profile_max_attempts->empty()) {
    auto value = parse_max_attempts(*profile_max_attempts, "the profile's max_attempts");
    if (!value) return std::unexpected(value.error());
    config.max_attempts = *value;
  }
  return config;
}

RandomSource default_random_source() {
  return [] {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
  };
}

bool RetryQuota::try_acquire(int amount) {
  std::lock_guard lock(mutex_);
  if (amount > available_) return false;
  available_ -= amount;
  return true;
}

void RetryQuota::release(int amount) {
  std::lock_guard lock(mutex_);
  available_ = std::min(capacity_, available_ + amount);
}

int RetryQuota::available() const {
  std::lock_guard lock(mutex_);
  return available_;
}

RetryPolicy::RetryPolicy(RetryConfig config, RandomSource random)
    : config_(config), random_(std::move(random)), quota_(config.quota_capacity) {}

bool RetryPolicy::is_retryable(const Error& error) const {
  // No response at all: botocore retries connection errors and client-side timeouts
  // (ConnectionError, ReadTimeoutError, HTTPClientError) whatever the operation.
  if (error.http_status == 0 &&
      (error.kind == ErrorKind::connection || error.kind == ErrorKind::timeout)) {
    return true;
  }
  if (error.code == "ModelNotReadyException") return config_.retry_model_not_ready;
  return error.retryable;
}

bool RetryPolicy::should_retry(const Error& error, int attempt, bool body_started) const {
  // Once any byte of the body went on, a retry would replay output the caller already used and
  // bill the model again (§6.5).
  if (body_started) return false;
  if (attempt >= config_.max_attempts) return false;
  return is_retryable(error);
}

std::chrono::milliseconds RetryPolicy::backoff(int attempt) const {
  const double base_ms = static_cast<double>(config_.base_delay.count());
  const double cap_ms = static_cast<double>(config_.max_backoff.count());
  // 2^(attempt-1) overflows nothing: the exponent is clamped well past the cap.
  const double exponential = base_ms * std::ldexp(1.0, std::clamp(attempt - 1, 0, 62));
  const double fraction = std::clamp(random_(), 0.0, 1.0);
  return std::chrono::milliseconds(
      static_cast<std::int64_t>(fraction * std::min(exponential, cap_ms)));
}

int RetryPolicy::retry_cost(const Error& error) const {
  const bool client_timeout = error.kind == ErrorKind::timeout && error.http_status == 0;
  return client_timeout ? config_.timeout_retry_cost : config_.retry_cost;
}

std::string RetryAttempts::request_header() const {
  return "attempt=" + std::to_string(attempt_) +
         "; max=" + std::to_string(policy_.config().max_attempts);
}

RetryDecision RetryAttempts::on_failure(const Error& error, bool body_started) {
  RetryDecision decision;
  if (body_started) {
    decision.reason = "body started";
  } else if (!policy_.is_retryable(error)) {
    decision.reason = "not retryable";
  } else if (attempt_ >= policy_.config().max_attempts) {
    decision.reason = "attempts exhausted";
  } else if (const int cost = policy_.retry_cost(error); !policy_.quota().try_acquire(cost)) {
    decision.reason = "retry quota exhausted";
  } else {
    last_retry_cost_ = cost;
    decision.retry = true;
    decision.delay = policy_.backoff(attempt_);
    ++attempt_;
  }
  return decision;
}

void RetryAttempts::on_success() {
  policy_.quota().release(last_retry_cost_ > 0 ? last_retry_cost_
                                               : policy_.config().no_retry_increment);
  last_retry_cost_ = 0;
}

}  // namespace smp::aws
