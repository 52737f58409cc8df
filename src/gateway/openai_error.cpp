#include "gateway/openai_error.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

namespace smp::gateway {

Error request_error(std::string message, std::string param, std::string code) {
  auto error = Error::make(ErrorKind::invalid_argument, std::move(code), std::move(message));
  if (!param.empty()) error.with_detail("param", std::move(param));
  return error;
}

namespace {

// A container's own status (SageMaker ModelError carries it): a 4xx there is the caller's
// request (too many tokens, a bad image), not a gateway failure.
int original_status(const Error& error) {
  const auto* text = error.detail("OriginalStatusCode");
  if (!text) return 0;
  int value = 0;
  std::from_chars(text->data(), text->data() + text->size(), value);
  return value;
}

}  // namespace

ApiError api_error(const Error& error) {
  ApiError out;
  out.message = error.message.empty() ? std::string(to_string(error.kind)) : error.message;
  out.code = error.code;
  if (const auto* param = error.detail("param")) out.param = *param;
  if (error.code == kNotImplemented) {
    out.status = 501;
    out.type = "not_implemented_error";
    return out;
  }
  if (error.code == kRequestTooLarge) {
    out.status = 413;
    out.type = "invalid_request_error";
    return out;
  }
  switch (error.kind) {
    case ErrorKind::invalid_argument:
      out.status = 400;
      out.type = "invalid_request_error";
      break;
    case ErrorKind::auth:
      // Our own key check answers 401/403; a refusal by AWS (the gateway's role may not invoke
      // the endpoint) is a permission problem the caller cannot fix with another key: 403 too.
      out.status = error.code == kInvalidApiKey ? 401 : 403;
      out.type = error.code == kInvalidApiKey ? "authentication_error" : "permission_error";
      break;
    case ErrorKind::not_found:
      out.status = 404;
      out.type = "invalid_request_error";
      if (out.code.empty()) out.code = std::string(kModelNotFound);
      break;
    case ErrorKind::rejected:
      out.status = error.http_status == 413 ? 413 : 400;
      out.type = "invalid_request_error";
      break;
    case ErrorKind::throttled:
      out.status = 429;
      out.type = "rate_limit_error";
      break;
    case ErrorKind::unavailable:
      out.status = 503;
      out.type = "server_error";
      break;
    case ErrorKind::model: {
      const int original = original_status(error);
      out.status = original >= 400 && original < 500 ? 400 : 502;
      out.type = original >= 400 && original < 500 ? "invalid_request_error" : "server_error";
      break;
    }
    case ErrorKind::connection:
    case ErrorKind::protocol:
      out.status = 502;
      out.type = "server_error";
      break;
    case ErrorKind::timeout:
      out.status = 504;
      out.type = "server_error";
      break;
    case ErrorKind::internal:
      out.status = 500;
      out.type = "server_error";
      break;
  }
  return out;
}

std::string render_error_body(const ApiError& error) {
  boost::json::object inner;
  inner["message"] = error.message;
  inner["type"] = error.type;
  if (error.param.empty())
    inner["param"] = nullptr;
  else
    inner["param"] = error.param;
  if (error.code.empty())
    inner["code"] = nullptr;
  else
    inner["code"] = error.code;
  boost::json::object outer;
  outer["error"] = std::move(inner);
  return boost::json::serialize(outer);
}

}  // namespace smp::gateway
