#pragma once
// S3's legacy query-string authentication (Signature Version 2), which botocore still uses for
// presigned GET URLs in us-east-1 unless told `signature_version='s3v4'`:
//   /bucket/key?AWSAccessKeyId=AKID&Signature=base64(HMAC-SHA1(secret, StringToSign))&Expires=T
//   StringToSign = VERB "\n" Content-MD5 "\n" Content-Type "\n" Expires "\n"
//                  CanonicalizedAmzHeaders CanonicalizedResource
// Only what a presigned GET needs: no Content-MD5/Content-Type, x-amz-security-token as the one
// x-amz header, no sub-resources.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.hpp"
#include "emulator/query_params.hpp"

namespace smp::emulator {

struct SigV2Query {
  std::string access_key_id;
  std::string signature;     // base64, as sent (never log it)
  std::int64_t expires = 0;  // epoch seconds
  std::string security_token;
};

// The SigV2 parameters of a query, when all three (AWSAccessKeyId, Signature, Expires) are there.
std::optional<SigV2Query> parse_sigv2_query(const QueryParams& query);

enum class SigV2Verdict { ok, mismatch, expired };

// `raw_path` is the path as received (percent-encoded): S3 signs the encoded resource.
SigV2Verdict verify_sigv2_query(std::string_view method, std::string_view raw_path,
                                const SigV2Query& query, std::string_view secret_access_key,
                                SystemTime now);

}  // namespace smp::emulator
