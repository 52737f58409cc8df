#pragma once
// AWS Signature Version 4 (aws-wire.md §3). Stage-inspectable: every intermediate string is a
// public result so tests compare each stage with the official suite, and `invoke --verbose`
// can show them (with the signature redacted).
#include <string>
#include <string_view>

#include "aws/credentials.hpp"
#include "base/clock.hpp"
#include "base/http_message.hpp"

namespace smp::aws {

struct SigningParams {
  std::string region;
  std::string service;  // "sagemaker", "sts", "s3", "comprehend"
  SystemTime time;
  bool normalize_path = true;       // false for S3
  bool double_encode_path = true;   // false for S3
  bool sign_session_token = true;   // post-sts-header-after: add the token after signing
  bool add_content_sha256 = false;  // S3 style x-amz-content-sha256 header (signed)
};

struct SigningStages {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;      // lowercase hex
  std::string signed_headers; // "host;x-amz-date"
  std::string authorization;  // the full Authorization header value
};

// Signs in place: sets Host (from the URL when absent), X-Amz-Date, X-Amz-Security-Token when the
// credentials carry one, optionally X-Amz-Content-Sha256, and Authorization. Returns the stages.
SigningStages sign_request(HttpRequest& request, const Credentials& credentials,
                           const SigningParams& params);

// Presigns a URL (query authentication, aws-wire.md §3.9); returns the URL with X-Amz-* added.
std::string presign_url(const HttpRequest& request, const Credentials& credentials,
                        const SigningParams& params, std::chrono::seconds expires);

}  // namespace smp::aws
