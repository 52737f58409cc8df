// Error code -> kind and retryability (aws-wire.md §1.7.1-1.7.2, §4.5, §6.1, §6.4).
#include <algorithm>
#include <array>
#include <cctype>

#include "aws/aws_error.hpp"

namespace smp::aws {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.starts_with(prefix);
}

template <std::size_t N>
bool one_of(std::string_view code, const std::array<std::string_view, N>& codes) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

bool icontains(std::string_view haystack, std::string_view needle) {
  if (needle.size() > haystack.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    if (iequals(haystack.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

// botocore retries/standard.py: the throttling codes (retryable).
constexpr std::array<std::string_view, 14> throttling_codes = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "EC2ThrottledException",
    "PriorRequestNotComplete",
};

// botocore retries/standard.py: transient codes that are timeouts on the service side.
constexpr std::array<std::string_view, 2> timeout_codes = {"RequestTimeout",
                                                           "RequestTimeoutException"};

// Retryable service faults (botocore: by status 500/502/503/504; aws-sdk-cpp CoreErrors.cpp by
// name). The code decides even when a proxy changed the status.
constexpr std::array<std::string_view, 7> transient_fault_codes = {
    "InternalFailure",         "InternalServerError", "InternalError",
    "InternalServerException", "ServiceUnavailable",  "ServiceUnavailableException",
    "IDPCommunicationError",  // STS special case (botocore retries/special.py)
};

// Credentials, signatures and permissions. Retrying with the same credentials cannot help;
// ExpiredToken* is retried by the caller once, after a credential refresh.
constexpr std::array<std::string_view, 21> auth_codes = {
    "UnrecognizedClientException",
    "UnrecognizedClient",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "IncompleteSignatureException",
    "MissingAuthenticationToken",
    "MissingAuthenticationTokenException",
    "InvalidClientTokenId",
    "ExpiredToken",
    "ExpiredTokenException",
    "OptInRequired",
    "InvalidAccessKeyId",  // S3
    "InvalidToken",        // S3
    "AuthFailure",
    "NotAuthorized",
    "RequestExpired",        // clock skew: X-Amz-Date too old or new
    "RequestTimeTooSkewed",  // S3 clock skew
    "InvalidIdentityToken",  // STS web identity
    "IDPRejectedClaim",      // STS web identity
    "RegionDisabledException",
};

constexpr std::array<std::string_view, 5> not_found_codes = {
    "ResourceNotFoundException", "ResourceNotFound", "NoSuchKey", "NoSuchBucket", "NotFound"};

ErrorClass by_status(int status) {
  switch (status) {
    case 401:
    case 403:
      return {ErrorKind::auth, false};
    case 404:
      return {ErrorKind::not_found, false};
    case 408:
      return {ErrorKind::timeout, false};
    case 413:
      return {ErrorKind::rejected, false};
    case 429:
      return {ErrorKind::throttled, true};
    case 500:
    case 502:
    case 503:
    case 504:
      return {ErrorKind::unavailable, true};
    default:
      break;
  }
  if (status >= 500 && status <= 599) return {ErrorKind::unavailable, false};
  if (status >= 400 && status <= 499) return {ErrorKind::rejected, false};
  if (status == 0) return {ErrorKind::unavailable, false};  // in-stream error with unknown code
  return {ErrorKind::protocol, false};                      // 1xx/2xx/3xx presented as an error
}

}  // namespace

ErrorClass classify_error(std::string_view code, int http_status, std::string_view message) {
  // SageMaker Runtime's own errors first (§1.7.1).
  if (code == "ModelError" || code == "ModelStreamError") return {ErrorKind::model, false};
  if (code == "ModelNotReadyException") return {ErrorKind::unavailable, true};
  if (code == "InternalStreamFailure") return {ErrorKind::unavailable, false};
  if (code == "InternalDependencyException") return {ErrorKind::unavailable, false};
  if (code == "ValidationError" || code == "ValidationException") {
    // "Endpoint <name> of account <acct> not found." (runtime) and "Could not find endpoint …"
    // (control plane DescribeEndpoint) name a missing endpoint; the rest is bad input.
    if ((starts_with(message, "Endpoint ") && icontains(message, " not found")) ||
        icontains(message, "could not find endpoint")) {
      return {ErrorKind::not_found, false};
    }
    // The OpenAI-compatible route answers 400 when an endpoint scaled to zero is waking up
    // (§1.8); it is a capacity problem, not bad input. Not retried automatically: scale-up
    // takes minutes.
    if (icontains(message, "has no capacity")) return {ErrorKind::unavailable, false};
    return {ErrorKind::rejected, false};
  }
  if (icontains(message, "has no capacity") && http_status == 400) {
    return {ErrorKind::unavailable, false};
  }

  if (one_of(code, throttling_codes) || starts_with(code, "Throttling") ||
      starts_with(code, "TooManyRequests")) {
    return {ErrorKind::throttled, true};
  }
  if (one_of(code, timeout_codes)) return {ErrorKind::timeout, true};
  if (one_of(code, transient_fault_codes)) return {ErrorKind::unavailable, true};
  if (starts_with(code, "AccessDenied") || one_of(code, auth_codes)) {
    return {ErrorKind::auth, false};
  }
  if (one_of(code, not_found_codes)) return {ErrorKind::not_found, false};
  if (code == "RequestEntityTooLarge" || code == "PayloadTooLarge" || http_status == 413) {
    return {ErrorKind::rejected, false};
  }
  return by_status(http_status);
}

std::string normalize_error_code(std::string_view raw) {
  // botocore parsers.py: code.split(':')[0], then code.rsplit('#', 1)[-1].
  std::string_view code = raw.substr(0, raw.find(':'));
  if (const auto hash = code.rfind('#'); hash != std::string_view::npos) {
    code.remove_prefix(hash + 1);
  }
  while (!code.empty() && std::isspace(static_cast<unsigned char>(code.front()))) {
    code.remove_prefix(1);
  }
  while (!code.empty() && std::isspace(static_cast<unsigned char>(code.back()))) {
    code.remove_suffix(1);
  }
  return std::string(code);
}

}  // namespace smp::aws
