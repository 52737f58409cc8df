#pragma once
// OpenAI error envelopes: {"error":{"message","type","param","code"}} with an HTTP status.
// api_error() is the ONE place where smp::ErrorKind becomes a front-door status for the gateway;
// every route, the auth check and the mid-stream SSE error go through it.
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace smp::gateway {

struct ApiError {
  int status = 500;
  std::string type;     // invalid_request_error, authentication_error, permission_error, ...
  std::string code;     // machine-readable ("model_not_found"); may be empty (JSON null)
  std::string param;    // the request field at fault; may be empty (JSON null)
  std::string message;  // one clear sentence
};

// Error codes the gateway itself raises (kind + code decide the status in api_error()).
inline constexpr std::string_view kInvalidApiKey = "invalid_api_key";      // auth → 401
inline constexpr std::string_view kModelNotAllowed = "model_not_allowed";  // auth → 403
inline constexpr std::string_view kModelNotFound = "model_not_found";      // not_found → 404
inline constexpr std::string_view kNotImplemented = "not_implemented";     // → 501
inline constexpr std::string_view kRequestTooLarge = "request_too_large";  // → 413

// invalid_argument error for a request field; `param` names the field ("messages[0].content").
Error request_error(std::string message, std::string param = {},
                    std::string code = "invalid_request");

ApiError api_error(const Error& error);

// The JSON body of the envelope.
std::string render_error_body(const ApiError& error);

}  // namespace smp::gateway
