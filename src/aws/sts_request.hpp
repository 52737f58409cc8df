#pragma once
// STS Query-protocol requests (aws-wire.md §4.2-4.4): a form-encoded POST body
// "Action=<Op>&Version=2011-06-15&<params>" with Content-Type
// "application/x-www-form-urlencoded; charset=utf-8". Pure functions; signing happens in StsClient.
#include <optional>
#include <string>
#include <string_view>

#include "base/http_message.hpp"

namespace smp::aws {

inline constexpr std::string_view kStsApiVersion = "2011-06-15";
inline constexpr std::string_view kFormContentType =
    "application/x-www-form-urlencoded; charset=utf-8";

struct AssumeRoleParams {
  std::string role_arn;
  std::string role_session_name;
  std::string external_id;              // empty: not sent
  std::optional<int> duration_seconds;  // nullopt: not sent (STS default 3600)
};

struct WebIdentityParams {
  std::string role_arn;
  std::string role_session_name;
  std::string web_identity_token;  // secret: never logged, never in messages
  std::optional<int> duration_seconds;
};

// Python's quote_plus, as botocore's Query serializer uses: unreserved A-Z a-z 0-9 _ . - ~ stay,
// space becomes '+', everything else is %XX (upper-case hex) of its UTF-8 bytes.
std::string form_url_encode(std::string_view text);

std::string assume_role_form(const AssumeRoleParams& params);
std::string assume_role_with_web_identity_form(const WebIdentityParams& params);
std::string get_caller_identity_form();

// POST `endpoint_url` (path "/" when it has none) with the form body and its Content-Type.
HttpRequest sts_form_request(std::string_view endpoint_url, std::string body);

}  // namespace smp::aws
