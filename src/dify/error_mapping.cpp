#include "dify/error_mapping.hpp"

#include <fmt/format.h>

namespace smp::dify {

std::string_view dify_error_type(ErrorKind kind, int http_status) {
  switch (kind) {
    case ErrorKind::auth:
      return "InvokeAuthorizationError";
    case ErrorKind::throttled:
      return "InvokeRateLimitError";
    case ErrorKind::unavailable:
      return "InvokeServerUnavailableError";
    case ErrorKind::connection:
    case ErrorKind::timeout:
      return "InvokeConnectionError";
    case ErrorKind::model:
      // The container failed: its own 4xx is a bad request, anything else is the server's fault.
      return http_status >= 400 && http_status < 500 ? "InvokeBadRequestError"
                                                     : "InvokeServerUnavailableError";
    case ErrorKind::protocol:
      return "InvokeServerUnavailableError";
    case ErrorKind::invalid_argument:
    case ErrorKind::not_found:
    case ErrorKind::rejected:
      return "InvokeBadRequestError";
    case ErrorKind::internal:
      return "InvokeError";
  }
  return "InvokeError";
}

namespace {

void add_args(DifyError& out, const Error& error) {
  out.args.emplace_back("description", out.message);
  if (!error.code.empty()) out.args.emplace_back("code", error.code);
  if (!error.request_id.empty()) out.args.emplace_back("request_id", error.request_id);
  if (error.http_status != 0)
    out.args.emplace_back("http_status", std::to_string(error.http_status));
  for (const auto& [key, value] : error.details) {
    if (out.args.size() >= kMaxErrorArgs) break;
    bool seen = false;
    for (const auto& existing : out.args)
      seen = seen || existing.first == key;
    if (!seen) out.args.emplace_back(key, value.substr(0, 2048));
  }
}

int original_status(const Error& error) {
  if (const auto* s = error.detail("OriginalStatusCode")) {
    try {
      return std::stoi(*s);
    } catch (...) {
    }
  }
  return error.http_status;
}

}  // namespace

DifyError to_dify_error(const Error& error) {
  DifyError out;
  out.error_type = std::string(dify_error_type(
      error.kind, error.kind == ErrorKind::model ? original_status(error) : error.http_status));
  const std::string text =
      error.message.empty() ? std::string(to_string(error.kind)) : error.message;
  out.message = fmt::format("[{}] {}", kProviderName, text);
  add_args(out, error);
  return out;
}

DifyError credentials_error(const Error& error) {
  DifyError out;
  out.error_type = "CredentialsValidateFailedError";
  out.message = error.message.empty() ? std::string(to_string(error.kind)) : error.message;
  add_args(out, error);
  return out;
}

DifyError bad_request(std::string_view message) {
  DifyError out;
  out.error_type = "InvokeBadRequestError";
  out.message = fmt::format("[{}] {}", kProviderName, message);
  out.args.emplace_back("description", out.message);
  return out;
}

}  // namespace smp::dify
