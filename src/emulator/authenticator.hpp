#pragma once
// Checks who signed a request: parses its SigV4 authentication (header or presigned query),
// finds the access key among the configured identities and issued STS sessions, checks the
// session token and its expiry, then recomputes the signature (aws/sigv4_verify.hpp). The result
// is the principal the request acts as, or why it was refused, ready to be worded per protocol
// (service_error.hpp).
//
// Threading: authenticate() is safe to call concurrently.
#include <chrono>
#include <expected>
#include <memory>
#include <optional>
#include <string>

#include "aws/sigv4_verify.hpp"
#include "base/clock.hpp"
#include "base/http_message.hpp"
#include "emulator/principals.hpp"
#include "emulator/s3_sigv2_query.hpp"
#include "emulator/service_error.hpp"

namespace smp::emulator {

struct Authenticated {
  std::shared_ptr<const Principal> principal;
  aws::CredentialScope scope;  // region and service the request was signed for
  bool presigned = false;
};

struct AuthRefusal {
  AuthError error;
  std::string access_key_id;  // as claimed, for the request log (not a secret)
  std::string service;        // scope service, when the request got that far
  std::string region;
};

// What the request claims, before any lookup: lets the router pick a service from the scope.
struct ClaimedAuth {
  std::optional<aws::ReceivedSigV4> sigv4;  // nullopt: unsigned
};

class Authenticator {
 public:
  Authenticator(const CredentialStore& store, const Clock& clock, std::chrono::seconds max_skew)
      : store_(store), clock_(clock), max_skew_(max_skew) {}

  // Reads the authentication parameters. A malformed Authorization / presigned query is a
  // refusal (IncompleteSignature); no SigV4 at all is an empty ClaimedAuth.
  std::expected<ClaimedAuth, AuthRefusal> claim(const HttpRequest& request) const;

  // Verifies a claim made by `request` (`request.url` must be the target as received).
  std::expected<Authenticated, AuthRefusal> verify(const HttpRequest& request,
                                                   const aws::ReceivedSigV4& claim) const;

  // S3 presigned URLs in the legacy SigV2 form (botocore's default in us-east-1). `resource` is
  // the canonical resource: "/bucket/key" as received (percent-encoded).
  std::expected<Authenticated, AuthRefusal> verify_s3_v2(std::string_view method,
                                                         std::string_view resource,
                                                         const SigV2Query& query) const;

 private:
  // The key's record, or why the key or its session token is not acceptable.
  std::expected<KeyRecord, AuthFailure> lookup(std::string_view access_key_id,
                                               std::string_view security_token) const;

  const CredentialStore& store_;
  const Clock& clock_;
  std::chrono::seconds max_skew_;
};

}  // namespace smp::emulator
