#pragma once
// Server-side SigV4 verification for the emulator (aws-wire.md §3). Two steps, so the server can
// route and look up the secret in between:
//
//   auto parsed = parse_sigv4_auth(request);          // what the request claims
//   if (!parsed)   -> answer parsed.error()            (malformed: IncompleteSignature)
//   if (!*parsed)  -> unsigned request                 (MissingAuthenticationToken, or route by
//   path) secret = lookup((*parsed)->scope.access_key_id)   (unknown key:
//   UnrecognizedClientException) SigV4Verdict v = verify_sigv4(request, **parsed, secret, {.now =
//   clock.now()});
//
// The signature is recomputed exactly as a client would have signed the request: only the
// SignedHeaders, the path and query as received (request.url must hold the request target
// undecoded, absolute or origin-form), the same canonicalisation code as the signer.
#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "base/http_message.hpp"

namespace smp::aws {

class SigningKeyCache;

struct CredentialScope {
  std::string access_key_id;
  std::string date;  // YYYYMMDD
  std::string region;
  std::string service;
};

enum class SigV4Location { header, query };

// The SigV4 authentication a request carries, read but not yet checked.
struct ReceivedSigV4 {
  SigV4Location location = SigV4Location::header;
  CredentialScope scope;
  std::vector<std::string> signed_headers;      // as listed, lower case
  std::string signature;                        // as sent; never log it
  std::string amz_date;                         // "20150830T123600Z" (X-Amz-Date, or from Date)
  SystemTime time;                              // amz_date as a time point
  std::optional<std::chrono::seconds> expires;  // X-Amz-Expires, query authentication only
  std::string security_token;  // X-Amz-Security-Token (header or query), "" when absent
};

enum class SigV4Status {
  ok,
  malformed,                // unreadable or incomplete authentication parameters
  mismatch,                 // the recomputed signature differs
  skewed,                   // request time more than max_skew from the server clock
  expired,                  // presigned URL past X-Amz-Date + X-Amz-Expires
  content_sha256_mismatch,  // x-amz-content-sha256 is not the hash of the body received
};

struct SigV4Verdict {
  SigV4Status status = SigV4Status::ok;
  // The text AWS puts in the error message, e.g. "Signature expired: 20150830T123600Z is now
  // earlier than 20150830T124600Z (20150830T125100Z - 5 min.)". Never contains the signature.
  std::string message;
  // What the server computed (filled for mismatch; AWS quotes both in its message).
  std::string canonical_request;
  std::string string_to_sign;

  bool ok() const { return status == SigV4Status::ok; }
};

// nullopt when the request carries no SigV4 authentication at all: no Authorization header with
// the AWS4-HMAC-SHA256 scheme and no X-Amz-Algorithm / X-Amz-Credential / X-Amz-Signature query
// parameter (a Bearer or other scheme is left to the caller). A malformed verdict when it does but
// the parts are missing, duplicated or unreadable, or when it uses both header and query.
std::expected<std::optional<ReceivedSigV4>, SigV4Verdict> parse_sigv4_auth(
    const HttpRequest& request);

struct VerifyOptions {
  SystemTime now;
  std::chrono::seconds max_skew{std::chrono::minutes(5)};
  // S3 rules: no path normalisation, no double encoding, UNSIGNED-PAYLOAD for presigned URLs.
  // Default: on when the credential scope names the "s3" service.
  std::optional<bool> s3_rules;
  // Where derived signing keys are cached; nullptr means SigningKeyCache::shared().
  SigningKeyCache* key_cache = nullptr;
};

// Checks, in order: scope date against the request date, clock skew (header) or expiry
// (presigned), x-amz-content-sha256 against the body, then the signature (constant-time).
SigV4Verdict verify_sigv4(const HttpRequest& request, const ReceivedSigV4& auth,
                          std::string_view secret_access_key, const VerifyOptions& options);

// How a service family reports a failed verdict: JSON protocols (SageMaker runtime and control
// plane, Comprehend), the query/XML protocol (STS), or S3.
enum class AwsErrorStyle { json, query_xml, s3 };

struct SigV4ErrorCode {
  std::string_view code;  // "InvalidSignatureException", "SignatureDoesNotMatch", ...
  int http_status;
};
SigV4ErrorCode sigv4_error_code(SigV4Status status, AwsErrorStyle style);

}  // namespace smp::aws
