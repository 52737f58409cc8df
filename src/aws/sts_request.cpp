#include "aws/sts_request.hpp"

namespace smp::aws {
namespace {

void append_param(std::string& body, std::string_view name, std::string_view value) {
  if (!body.empty()) body += '&';
  body += name;
  body += '=';
  body += form_url_encode(value);
}

std::string form_head(std::string_view action) {
  std::string body;
  append_param(body, "Action", action);
  append_param(body, "Version", kStsApiVersion);
  return body;
}

}  // namespace

std::string form_url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-' || c == '~';
    if (unreserved) {
      out += ch;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

std::string assume_role_form(const AssumeRoleParams& params) {
  std::string body = form_head("AssumeRole");
  append_param(body, "RoleArn", params.role_arn);
  append_param(body, "RoleSessionName", params.role_session_name);
  if (!params.external_id.empty()) append_param(body, "ExternalId", params.external_id);
  if (params.duration_seconds) {
    append_param(body, "DurationSeconds", std::to_string(*params.duration_seconds));
  }
  return body;
}

std::string assume_role_with_web_identity_form(const WebIdentityParams& params) {
  std::string body = form_head("AssumeRoleWithWebIdentity");
  append_param(body, "RoleArn", params.role_arn);
  append_param(body, "RoleSessionName", params.role_session_name);
  append_param(body, "WebIdentityToken", params.web_identity_token);
  if (params.duration_seconds) {
    append_param(body, "DurationSeconds", std::to_string(*params.duration_seconds));
  }
  return body;
}

std::string get_caller_identity_form() {
  return form_head("GetCallerIdentity");
}

HttpRequest sts_form_request(std::string_view endpoint_url, std::string body) {
  HttpRequest request;
  request.method = "POST";
  request.url = std::string(endpoint_url);
  // "https://host" has no path; the Query protocol posts to "/".
  const size_t scheme_end = request.url.find("://");
  const size_t path_start =
      request.url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  if (path_start == std::string::npos) request.url += '/';
  request.headers.add("Content-Type", std::string(kFormContentType));
  request.body = std::move(body);
  return request;
}

}  // namespace smp::aws
