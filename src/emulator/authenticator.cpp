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

std::expected<KeyRecord, AuthFailure> Authenticator::lookup(std::string_view access_key_id,
                                                            std::string_view security_token) const {
  auto record = store_.find(access_key_id);
  if (!record) return std::unexpected(AuthFailure::unknown_key);
  // Token checks come before the signature: AWS rejects a stale session whatever the signature.
  if (record->session_token.empty()) {
    if (!security_token.empty()) return std::unexpected(AuthFailure::invalid_token);
  } else {
    if (!aws::constant_time_equals(security_token, record->session_token))
      return std::unexpected(AuthFailure::invalid_token);
    if (record->expiration && *record->expiration <= clock_.now())
      return std::unexpected(AuthFailure::expired_token);
  }
  return std::move(*record);
}

std::expected<Authenticated, AuthRefusal> Authenticator::verify_s3_v2(
    std::string_view method, std::string_view resource, const SigV2Query& query) const {
  auto refusal = [&](AuthFailure failure) {
    AuthRefusal r;
    r.error.failure = failure;
    r.access_key_id = query.access_key_id;
    r.service = "s3";
    return std::unexpected(std::move(r));
  };
  const auto record = lookup(query.access_key_id, query.security_token);
  if (!record) return refusal(record.error());
  switch (verify_sigv2_query(method, resource, query, record->secret_access_key, clock_.now())) {
    case SigV2Verdict::ok:
      break;
    case SigV2Verdict::expired:
      return refusal(AuthFailure::presign_expired);
    case SigV2Verdict::mismatch:
      return refusal(AuthFailure::signature_mismatch);
  }
  Authenticated authenticated;
  authenticated.principal = record->principal;
  authenticated.scope.access_key_id = query.access_key_id;
  authenticated.scope.region = "us-east-1";
  authenticated.scope.service = "s3";
  authenticated.presigned = true;
  return authenticated;
}

std::expected<ClaimedAuth, AuthRefusal> Authenticator::claim(const HttpRequest& request) const {
  auto parsed = aws::parse_sigv4_auth(request);
  if (!parsed)
    return std::unexpected(refuse(AuthFailure::incomplete, nullptr, parsed.error().message));
  return ClaimedAuth{std::move(*parsed)};
}

std::expected<Authenticated, AuthRefusal> Authenticator::verify(
    const HttpRequest& request, const aws::ReceivedSigV4& claim) const {
  const auto record = lookup(claim.scope.access_key_id, claim.security_token);
  if (!record) {
    auto refusal = refuse(record.error(), &claim);
    if (record.error() == AuthFailure::unknown_key)
      refusal.error.s3_fields.push_back({"AWSAccessKeyId", claim.scope.access_key_id});
    return std::unexpected(std::move(refusal));
  }
  const auto now = clock_.now();
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
