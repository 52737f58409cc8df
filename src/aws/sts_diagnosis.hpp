#pragma once
// Turns an STS error response into an smp::Error whose message names the likely cause and the
// fix, using the facts of the call (which role, whether an external id was sent, which source
// credentials signed it). The raw STS message is kept in the detail "StsMessage".
#include <optional>
#include <string>
#include <string_view>

#include "base/error.hpp"
#include "base/http_message.hpp"

namespace smp::aws {

struct StsCallFacts {
  std::string action;    // "AssumeRole", "AssumeRoleWithWebIdentity", "GetCallerIdentity"
  std::string role_arn;  // empty for GetCallerIdentity
  bool external_id_sent = false;
  std::optional<int> duration_seconds;
  std::string caller;  // the source credentials, e.g. "environment (AKIA…MPLE)"; never a secret
  std::string region;
  std::string endpoint;
  std::string web_identity_token_file;  // web identity from a file
};

// Kind, retryability and message by STS code (aws-wire.md §4.5 table); the code, HTTP status and
// request id are copied from the response.
Error sts_error_from_response(const HttpResponse& response, const StsCallFacts& facts);

// ValidationError about DurationSeconds above the role's MaxSessionDuration (or the one-hour cap
// of role chaining): AssumeRole retries once with 3600.
bool is_duration_too_long(const Error& error);

// The caller ARN an AccessDenied message names ("User: arn:... is not authorized ..."), or empty.
std::string caller_arn_from_message(std::string_view sts_message);

}  // namespace smp::aws
