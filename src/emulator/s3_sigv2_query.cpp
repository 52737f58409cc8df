#include "emulator/s3_sigv2_query.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <charconv>

#include "aws/crypto.hpp"
#include "base/base64.hpp"

namespace smp::emulator {

std::optional<SigV2Query> parse_sigv2_query(const QueryParams& query) {
  const auto key = query.get("AWSAccessKeyId");
  const auto signature = query.get("Signature");
  const auto expires = query.get("Expires");
  if (!key || !signature || !expires) return std::nullopt;
  SigV2Query parsed;
  parsed.access_key_id = std::string(*key);
  parsed.signature = std::string(*signature);
  const auto [end, ec] =
      std::from_chars(expires->data(), expires->data() + expires->size(), parsed.expires);
  if (ec != std::errc() || end != expires->data() + expires->size()) return std::nullopt;
  if (const auto token = query.get("x-amz-security-token"))
    parsed.security_token = std::string(*token);
  return parsed;
}

SigV2Verdict verify_sigv2_query(std::string_view method, std::string_view raw_path,
                                const SigV2Query& query, std::string_view secret_access_key,
                                SystemTime now) {
  const auto now_seconds =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (query.expires < now_seconds) return SigV2Verdict::expired;
  std::string string_to_sign =
      std::string(method) + "\n\n\n" + std::to_string(query.expires) + "\n";
  if (!query.security_token.empty())
    string_to_sign += "x-amz-security-token:" + query.security_token + "\n";
  string_to_sign += raw_path;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha1(), secret_access_key.data(), static_cast<int>(secret_access_key.size()),
       reinterpret_cast<const unsigned char*>(string_to_sign.data()), string_to_sign.size(), digest,
       &length);
  const std::string expected =
      base64_encode(std::string_view(reinterpret_cast<const char*>(digest), length));
  return aws::constant_time_equals(expected, query.signature) ? SigV2Verdict::ok
                                                              : SigV2Verdict::mismatch;
}

}  // namespace smp::emulator
