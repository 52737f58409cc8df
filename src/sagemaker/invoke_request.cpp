#include "sagemaker/invoke_request.hpp"

#include <fmt/format.h>

#include <string_view>

namespace smp::sagemaker {

namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// ^[a-zA-Z0-9](-*[a-zA-Z0-9])*$ : alphanumerics with single or repeated hyphens between them.
bool is_resource_name(std::string_view s) {
  if (s.empty() || !is_alnum(s.front()) || !is_alnum(s.back())) return false;
  for (char c : s) {
    if (!is_alnum(c) && c != '-') return false;
  }
  return true;
}

// \A\S[\p{Print}]*\z restricted to ASCII: the first character visible, the rest printable.
bool is_printable_id(std::string_view s) {
  if (s.empty() || s.front() == ' ') return false;
  for (unsigned char c : s) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

bool is_ascii(std::string_view s) {
  for (unsigned char c : s) {
    if (c > 0x7f) return false;
  }
  return true;
}

// RFC 7230 field-value: visible US-ASCII plus spaces and tabs between them.
bool is_header_value(std::string_view s) {
  for (unsigned char c : s) {
    if ((c < 0x20 && c != '\t') || c >= 0x7f) return false;
  }
  return true;
}

std::unexpected<Error> invalid(std::string message) {
  return fail(ErrorKind::invalid_argument, "InvalidParameter", std::move(message));
}

Result<void> check_name(std::string_view field, std::string_view value, std::size_t max) {
  if (value.size() > max || !is_resource_name(value)) {
    return invalid(fmt::format(
        "{} '{}' is not valid: use 1 to {} letters, digits and hyphens, starting and ending with a "
        "letter or digit",
        field, value, max));
  }
  return {};
}

}  // namespace

Result<void> validate(const InvokeRequest& r, InvokeMode mode) {
  const bool streaming = mode == InvokeMode::streaming;
  if (r.endpoint_name.empty()) return invalid("an endpoint name is required");
  if (auto ok = check_name("endpoint name", r.endpoint_name, 63); !ok) return ok;
  if (r.body.size() > kMaxRequestBodyBytes) {
    return invalid(fmt::format(
        "the request body is {} bytes, over SageMaker's limit of {} bytes (6 MiB) for real-time "
        "invocations; send large inputs through S3 (for audio, the S3 upload route) instead",
        r.body.size(), kMaxRequestBodyBytes));
  }
  if (r.content_type.size() > 1024 || !is_ascii(r.content_type)) {
    return invalid("content type must be ASCII and at most 1024 characters");
  }
  if (r.accept.size() > 1024 || !is_ascii(r.accept)) {
    return invalid("accept must be ASCII and at most 1024 characters");
  }
  if (r.custom_attributes.size() > 1024 || !is_header_value(r.custom_attributes)) {
    return invalid(
        "custom attributes must be visible US-ASCII (an HTTP header value) of at most 1024 "
        "characters");
  }
  if (!r.target_model.empty()) {
    if (streaming) {
      return invalid(
          "a target model (multi-model endpoint) cannot be used with response streaming; "
          "invoke without streaming");
    }
    if (r.target_model.size() > 1024 || !is_printable_id(r.target_model)) {
      return invalid(
          "target model must be 1 to 1024 printable characters, not starting with a space");
    }
  }
  if (!r.target_variant.empty()) {
    if (auto ok = check_name("target variant", r.target_variant, 63); !ok) return ok;
  }
  if (!r.target_container_hostname.empty()) {
    if (auto ok = check_name("target container hostname", r.target_container_hostname, 63); !ok) {
      return ok;
    }
  }
  if (!r.inference_component.empty()) {
    if (auto ok = check_name("inference component", r.inference_component, 63); !ok) return ok;
  }
  if (!r.inference_id.empty() && (r.inference_id.size() > 64 || !is_printable_id(r.inference_id))) {
    return invalid("inference id must be 1 to 64 printable characters, not starting with a space");
  }
  if (!r.session_id.empty()) {
    if (r.session_id == "NEW_SESSION") {
      if (streaming) {
        return invalid(
            "a new session cannot be opened by a streaming invocation; open it with a buffered "
            "invocation (session id NEW_SESSION) and stream with the id it returns");
      }
    } else if (r.session_id.size() > 256 || !is_resource_name(r.session_id)) {
      return invalid(
          "session id must be NEW_SESSION or an id of letters, digits and hyphens (at most 256)");
    }
  }
  if (!r.enable_explanations.empty()) {
    if (streaming)
      return invalid("explanations (Clarify) are not available with response streaming");
    if (r.enable_explanations.size() > 64)
      return invalid("enable-explanations is at most 64 characters");
  }
  if (!r.prefix_aware_id.empty() &&
      (r.prefix_aware_id.size() > 64 || !is_printable_id(r.prefix_aware_id))) {
    return invalid(
        "prefix-aware id must be 1 to 64 printable characters, not starting with a space");
  }
  return {};
}

std::string invoke_path(const InvokeRequest& r, InvokeMode mode) {
  // Valid endpoint names contain only unreserved characters, so they need no percent-encoding.
  return "/endpoints/" + r.endpoint_name +
         (mode == InvokeMode::streaming ? "/invocations-response-stream" : "/invocations");
}

HttpRequest build_http_request(const InvokeRequest& r, InvokeMode mode,
                               const std::string& base_url) {
  const bool streaming = mode == InvokeMode::streaming;
  HttpRequest req;
  req.method = "POST";
  std::string_view base = base_url;
  while (!base.empty() && base.back() == '/')
    base.remove_suffix(1);
  req.url = std::string(base) + invoke_path(r, mode);
  auto put = [&](const char* name, const std::string& value) {
    if (!value.empty()) req.headers.add(name, value);
  };
  put("Content-Type", r.content_type);
  put(streaming ? "X-Amzn-SageMaker-Accept" : "Accept", r.accept);
  put("X-Amzn-SageMaker-Custom-Attributes", r.custom_attributes);
  if (!streaming) put("X-Amzn-SageMaker-Target-Model", r.target_model);
  put("X-Amzn-SageMaker-Target-Variant", r.target_variant);
  put("X-Amzn-SageMaker-Target-Container-Hostname", r.target_container_hostname);
  put("X-Amzn-SageMaker-Inference-Id", r.inference_id);
  put("X-Amzn-SageMaker-Session-Id", r.session_id);
  put("X-Amzn-SageMaker-Inference-Component", r.inference_component);
  if (!streaming) put("X-Amzn-SageMaker-Enable-Explanations", r.enable_explanations);
  put("X-Amzn-SageMaker-Prefix-Aware-Id", r.prefix_aware_id);
  req.body = r.body;
  return req;
}

}  // namespace smp::sagemaker
