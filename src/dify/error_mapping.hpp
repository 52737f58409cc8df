#pragma once
// The Dify runtime's one boundary for errors: smp::ErrorKind → Dify's error types
// (dify-plugin-protocol.md §2.7). Dify raises the same-named model-runtime exception with the
// message as its description; CredentialsValidateFailedError's message is what the user reads in
// the credentials dialog. Messages start "[sagemaker] " like the SDK's; args hold the code,
// request id, HTTP status and details (at most 10 keys, no secrets: errors never carry any).
#include <string_view>

#include "base/error.hpp"
#include "dify/protocol.hpp"

namespace smp::dify {

inline constexpr std::string_view kProviderName = "sagemaker";

std::string_view dify_error_type(ErrorKind kind, int http_status = 0);
DifyError to_dify_error(const Error& error);
// A failed credentials validation: the message is the diagnosis (what is wrong, how to fix it).
DifyError credentials_error(const Error& error);
// Bad input from the daemon (unknown action, missing or mistyped fields).
DifyError bad_request(std::string_view message);

}  // namespace smp::dify
