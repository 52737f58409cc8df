#include "emulator/service_error.hpp"

#include <boost/json.hpp>

#include "emulator/xml_text.hpp"

namespace smp::emulator {
namespace {

// The suffix real Coral services append; SDKs cut at ':' (aws-wire.md §1.7.3).
constexpr std::string_view kCoralSuffix =
    ":http://internal.amazon.com/coral/com.amazon.coral.service/";

HttpResponse json_error(const ServiceError& error, std::string_view request_id, bool json_1_1) {
  boost::json::object body;
  if (json_1_1) body["__type"] = error.code;
  for (const auto& field : error.fields) {
    if (field.numeric) {
      body[field.name] = std::strtoll(field.value.c_str(), nullptr, 10);
    } else {
      body[field.name] = valid_utf8(field.value);
    }
  }
  // Messages quote request input (names, container bodies): keep the JSON valid UTF-8.
  body[error.lowercase_message || json_1_1 ? "message" : "Message"] = valid_utf8(error.message);
  HttpResponse response;
  response.status = error.status;
  response.headers.add("x-amzn-RequestId", std::string(request_id));
  if (error.error_type_header)
    response.headers.add("x-amzn-ErrorType", error.code + std::string(kCoralSuffix));
  response.headers.add("Content-Type",
                       json_1_1 ? "application/x-amz-json-1.1" : "application/json");
  response.body = boost::json::serialize(body);
  return response;
}

HttpResponse sts_error(const ServiceError& error, std::string_view request_id) {
  std::string body =
      "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n  <Error>\n";
  body += "    <Type>" + std::string(error.sender_fault ? "Sender" : "Receiver") + "</Type>\n";
  body += "    <Code>" + xml_escape(error.code) + "</Code>\n";
  body += "    <Message>" + xml_escape(error.message) + "</Message>\n  </Error>\n";
  body += "  <RequestId>" + xml_escape(request_id) + "</RequestId>\n</ErrorResponse>\n";
  HttpResponse response;
  response.status = error.status;
  response.headers.add("x-amzn-RequestId", std::string(request_id));
  response.headers.add("Content-Type", "text/xml");
  response.body = std::move(body);
  return response;
}

HttpResponse s3_error(const ServiceError& error, std::string_view request_id) {
  std::string body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>";
  body += "<Code>" + xml_escape(error.code) + "</Code>";
  body += "<Message>" + xml_escape(error.message) + "</Message>";
  for (const auto& field : error.fields)
    body += "<" + field.name + ">" + xml_escape(field.value) + "</" + field.name + ">";
  body += "<RequestId>" + xml_escape(request_id) + "</RequestId>";
  body += "<HostId>" + xml_escape(s3_host_id(request_id)) + "</HostId></Error>";
  HttpResponse response;
  response.status = error.status;
  response.headers.add("x-amz-request-id", std::string(request_id));
  response.headers.add("x-amz-id-2", s3_host_id(request_id));
  response.headers.add("Content-Type", "application/xml");
  response.body = std::move(body);
  return response;
}

ServiceError make(int status, std::string code, std::string_view message) {
  ServiceError e;
  e.status = status;
  e.code = std::move(code);
  e.message = std::string(message);
  e.lowercase_message = true;
  return e;
}

}  // namespace

// The error code of a response, for the request log: x-amzn-ErrorType, S3/STS <Code> or the
// JSON __type.
std::string error_code_of(const HttpResponse& response) {
  if (response.status < 400) return {};
  if (const auto type = response.headers.get("x-amzn-ErrorType"))
    return std::string(type->substr(0, type->find(':')));
  const auto& body = response.body;
  if (const auto start = body.find("<Code>"); start != std::string::npos) {
    const auto end = body.find("</Code>", start);
    if (end != std::string::npos) return body.substr(start + 6, end - start - 6);
  }
  boost::system::error_code ec;
  const auto json = boost::json::parse(body, ec);
  if (!ec && json.is_object())
    if (const auto* t = json.as_object().if_contains("__type"); t && t->is_string())
      return std::string(t->as_string());
  return std::to_string(response.status);
}

HttpResponse render_error(Protocol protocol, const ServiceError& error,
                          std::string_view request_id) {
  switch (protocol) {
    case Protocol::rest_json:
      return json_error(error, request_id, false);
    case Protocol::json_1_1:
      return json_error(error, request_id, true);
    case Protocol::query_xml:
      return sts_error(error, request_id);
    case Protocol::s3_xml:
      return s3_error(error, request_id);
  }
  return json_error(error, request_id, false);
}

ServiceError auth_error(Protocol protocol, const AuthError& error) {
  // Coral JSON services answer auth failures with 403 on rest-json and 400 on JSON 1.1
  // (aws-wire.md §1.7.2); STS and S3 have their own codes.
  const bool json = protocol == Protocol::rest_json || protocol == Protocol::json_1_1;
  const int json_status = protocol == Protocol::rest_json ? 403 : 400;
  const bool sts = protocol == Protocol::query_xml;
  ServiceError e;
  switch (error.failure) {
    case AuthFailure::missing_token:
      // The one verbatim capture (aws-wire.md §1.7.2) is a 403, on every Coral front door.
      if (json)
        e = make(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
      else if (sts)
        e = make(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
      else
        e = make(403, "AccessDenied", "Access Denied");
      break;
    case AuthFailure::incomplete:
      if (json)
        e = make(json_status, "IncompleteSignatureException", error.detail);
      else if (sts)
        e = make(400, "IncompleteSignature", error.detail);
      else
        e = make(400, "AuthorizationHeaderMalformed", error.detail);
      break;
    case AuthFailure::unknown_key:
      if (json)
        e = make(json_status, "UnrecognizedClientException", kInvalidTokenMessage);
      else if (sts)
        e = make(403, "InvalidClientTokenId", kInvalidTokenMessage);
      else
        e = make(403, "InvalidAccessKeyId",
                 "The AWS Access Key Id you provided does not exist in our records.");
      break;
    case AuthFailure::invalid_token:
      if (json)
        e = make(json_status, "UnrecognizedClientException", kInvalidTokenMessage);
      else if (sts)
        e = make(403, "InvalidClientTokenId", kInvalidTokenMessage);
      else
        e = make(400, "InvalidToken", "The provided token is malformed or otherwise invalid.");
      break;
    case AuthFailure::expired_token:
      if (json)
        e = make(json_status, "ExpiredTokenException", kExpiredTokenMessage);
      else if (sts)
        e = make(403, "ExpiredToken", kExpiredTokenMessage);
      else
        e = make(400, "ExpiredToken", "The provided token has expired.");
      break;
    case AuthFailure::signature_mismatch:
      if (json)
        e = make(json_status, "InvalidSignatureException", kSignatureMismatchMessage);
      else if (sts)
        e = make(403, "SignatureDoesNotMatch", kSignatureMismatchMessage);
      else
        e = make(403, "SignatureDoesNotMatch", kS3SignatureMismatchMessage);
      break;
    case AuthFailure::content_mismatch:
      if (json)
        e = make(json_status, "InvalidSignatureException", kSignatureMismatchMessage);
      else if (sts)
        e = make(403, "SignatureDoesNotMatch", kSignatureMismatchMessage);
      else
        e = make(400, "XAmzContentSHA256Mismatch",
                 "The provided 'x-amz-content-sha256' header does not match what was computed.");
      break;
    case AuthFailure::signature_expired:
      if (json)
        e = make(json_status, "InvalidSignatureException", error.detail);
      else if (sts)
        e = make(403, "SignatureDoesNotMatch", error.detail);
      else
        e = make(403, "RequestTimeTooSkewed",
                 "The difference between the request time and the current time is too large.");
      break;
    case AuthFailure::presign_expired:
      if (json)
        e = make(json_status, "InvalidSignatureException", error.detail);
      else if (sts)
        e = make(403, "SignatureDoesNotMatch", error.detail);
      else
        e = make(403, "AccessDenied", "Request has expired");
      break;
    case AuthFailure::access_denied:
      if (json)
        e = make(json_status, "AccessDeniedException", error.detail);
      else if (sts)
        e = make(403, "AccessDenied", error.detail);
      else
        e = make(403, "AccessDenied", "Access Denied");
      break;
  }
  if (protocol == Protocol::s3_xml) e.fields = error.s3_fields;
  return e;
}

}  // namespace smp::emulator
