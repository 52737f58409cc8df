#pragma once
// Parsers of STS Query-protocol success responses (aws-wire.md §4.5). Input is untrusted bytes
// from the network (fuzz/fuzz_sts_xml.cpp). Element names are matched by local name (a namespace
// prefix is ignored) and case-insensitively, and text is trimmed, as aws-c-auth does.
#include <string>
#include <string_view>

#include "aws/credentials.hpp"
#include "base/error.hpp"

namespace smp::aws {

// Bodies larger than this are refused before parsing (a real one is about 2 KiB; tokens of
// chained sessions grow, but not to this size).
inline constexpr size_t kMaxStsResponseBytes = 1024 * 1024;

struct StsCredentialsResult {
  Credentials credentials;       // source left empty; account_id from AssumedRoleUser.Arn
  std::string assumed_role_arn;  // arn:aws:sts::123456789012:assumed-role/demo/session
  std::string assumed_role_id;   // AROA...:session
  std::string source_identity;
  std::string subject_from_web_identity_token;  // web identity only
  std::string provider;                         // web identity only
  std::string audience;                         // web identity only
  std::string request_id;
};

struct CallerIdentity {
  std::string user_id;
  std::string account;
  std::string arn;
  std::string request_id;
};

// `action` is "AssumeRole" or "AssumeRoleWithWebIdentity": the root is <{action}Response> and the
// result <{action}Result>. Missing AccessKeyId, SecretAccessKey, SessionToken or a bad Expiration
// is a protocol error; no credential value ever appears in a message.
Result<StsCredentialsResult> parse_sts_credentials_response(std::string_view xml,
                                                            std::string_view action);

Result<CallerIdentity> parse_caller_identity_response(std::string_view xml);

}  // namespace smp::aws
