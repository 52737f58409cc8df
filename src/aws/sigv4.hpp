#pragma once
// AWS Signature Version 4 (aws-wire.md §3). Stage-inspectable: every intermediate string is a
// public result so tests compare each stage with the official suite, and `invoke --verbose`
// can show them (with the signature redacted).
#include <chrono>
#include <string>
#include <string_view>

#include "aws/credentials.hpp"
#include "base/clock.hpp"
#include "base/http_message.hpp"

namespace smp::aws {

class SigningKeyCache;

struct SigningParams {
  std::string region;
  std::string service;  // "sagemaker", "sts", "s3", "comprehend"
  SystemTime time;
  bool normalize_path = true;       // false for S3
  bool double_encode_path = true;   // false for S3
  bool sign_session_token = true;   // post-sts-header-after: add the token after signing
  bool add_content_sha256 = false;  // S3 style x-amz-content-sha256 header (signed)
  bool unsigned_payload = false;    // payload hash "UNSIGNED-PAYLOAD" (S3 presigned URLs)
  // Where derived signing keys are cached; nullptr means SigningKeyCache::shared().
  SigningKeyCache* key_cache = nullptr;
};

struct SigningStages {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;       // lowercase hex
  std::string signed_headers;  // "host;x-amz-date"
  std::string authorization;   // the full Authorization header value
};

// Signs in place: sets Host (from the URL when absent), X-Amz-Date, X-Amz-Security-Token when the
// credentials carry one, optionally X-Amz-Content-Sha256, and Authorization. Returns the stages.
//
// request.url holds the path and query as they go on the wire (already percent-encoded once);
// the canonical URI encodes that path again unless double_encode_path is false. A request that
// already carries X-Amz-Content-Sha256 has that value signed as the payload hash (S3's
// UNSIGNED-PAYLOAD and streaming conventions). A re-sign (retry) replaces the previous
// Authorization, X-Amz-Date and session token headers.
//
// Requests with up to 32 headers (every SageMaker request) are canonicalised without heap work
// besides the results; larger ones take the generic path. The result is identical.
SigningStages sign_request(HttpRequest& request, const Credentials& credentials,
                           const SigningParams& params);

// The fast path for the requests we send: the same headers as sign_request, but no stages are
// kept (the intermediate strings live in per-thread scratch space and the signature goes straight
// into the Authorization value), and a re-sign overwrites the previous signature's headers in
// place, so after a thread's first request signing allocates only for headers it adds.
void sign_request_fast(HttpRequest& request, const Credentials& credentials,
                       const SigningParams& params);

// Always the generic canonicalisation. Same contract and result as sign_request; exists so that
// tests and benchmarks can hold the two paths against each other.
SigningStages sign_request_generic(HttpRequest& request, const Credentials& credentials,
                                   const SigningParams& params);

// Presigns a URL (query authentication, aws-wire.md §3.9); returns the URL with X-Amz-* added.
// The request's headers (and its Host) are signed and must be sent with the URL; the payload hash
// is that of request.body unless params.unsigned_payload. The X-Amz-* parameters follow the
// request's own query in botocore's order, X-Amz-Signature last.
std::string presign_url(const HttpRequest& request, const Credentials& credentials,
                        const SigningParams& params, std::chrono::seconds expires);

// Like presign_url, also returning the stages (canonical request, string to sign, signature).
std::string presign_url(const HttpRequest& request, const Credentials& credentials,
                        const SigningParams& params, std::chrono::seconds expires,
                        SigningStages& stages);

}  // namespace smp::aws
