#include "emulator/authenticator.hpp"

#include "aws/credential_time.hpp"
#include "aws/crypto.hpp"

namespace smp::emulator {
namespace {

AuthRefusal refuse(AuthFailure failure, const aws::ReceivedSigV4* claim, std::string detail = {}) {
  AuthRefusal refusal;
  refusal.error.failure = failure;
  refusal.error.detail = std::move(detail);
  if (claim != nullptr) {
    refusal.access_key_id = claim->scope.access_key_id;
    refusal.service = claim->scope.service;
    refusal.region = claim->scope.region;
  }
  return refusal;
}

}  // namespace

std::expected<ClaimedAuth, AuthRefusal> Authenticator::claim(const HttpRequest& request) const {
  auto parsed = aws::parse_sigv4_auth(request);
  if (!parsed)
    return std::unexpected(refuse(AuthFailure::incomplete, nullptr, parsed.error().message));
  return ClaimedAuth{std::move(*parsed)};
}

std::expected<Authenticated, AuthRefusal> Authenticator::verify(
    const HttpRequest& request, const aws::ReceivedSigV4& claim) const {
  const auto record = store_.find(claim.scope.access_key_id);
  if (!record) {
    auto refusal = refuse(AuthFailure::unknown_key, &claim);
    refusal.error.s3_fields.push_back({"AWSAccessKeyId", claim.scope.access_key_id});
    return std::unexpected(std::move(refusal));
  }
  const auto now = clock_.now();
  // Token checks come before the signature: AWS rejects a stale session whatever the signature.
  if (record->session_token.empty()) {
    if (!claim.security_token.empty())
      return std::unexpected(refuse(AuthFailure::invalid_token, &claim));
  } else {
    if (!aws::constant_time_equals(claim.security_token, record->session_token))
      return std::unexpected(refuse(AuthFailure::invalid_token, &claim));
    if (record->expiration && *record->expiration <= now)
      return std::unexpected(refuse(AuthFailure::expired_token, &claim));
  }
  const auto verdict = aws::verify_sigv4(request, claim, record->secret_access_key,
                                         {.now = now, .max_skew = max_skew_});
  switch (verdict.status) {
    case aws::SigV4Status::ok:
      break;
    case aws::SigV4Status::malformed:
      return std::unexpected(refuse(AuthFailure::incomplete, &claim, verdict.message));
    case aws::SigV4Status::mismatch:
      return std::unexpected(refuse(AuthFailure::signature_mismatch, &claim));
    case aws::SigV4Status::content_sha256_mismatch:
      return std::unexpected(refuse(AuthFailure::content_mismatch, &claim, verdict.message));
    case aws::SigV4Status::skewed: {
      auto refusal = refuse(AuthFailure::signature_expired, &claim, verdict.message);
      refusal.error.s3_fields = {
          {"RequestTime", claim.amz_date},
          {"ServerTime", aws::format_iso8601_time(now)},
          {"MaxAllowedSkewMilliseconds",
           std::to_string(
               std::chrono::duration_cast<std::chrono::milliseconds>(max_skew_).count())}};
      return std::unexpected(std::move(refusal));
    }
    case aws::SigV4Status::expired: {
      auto refusal = refuse(AuthFailure::presign_expired, &claim, verdict.message);
      if (claim.expires)
        refusal.error.s3_fields = {
            {"X-Amz-Expires", std::to_string(claim.expires->count())},
            {"Expires", aws::format_iso8601_time(claim.time + *claim.expires)},
            {"ServerTime", aws::format_iso8601_time(now)}};
      return std::unexpected(std::move(refusal));
    }
  }
  return Authenticated{record->principal, claim.scope, claim.location == aws::SigV4Location::query};
}

}  // namespace smp::emulator
