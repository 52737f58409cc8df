// Error bodies of the JSON and XML protocols (aws-wire.md §1.7.3, §4.5).
#include <boost/json.hpp>
#include <cctype>
#include <optional>
#include <pugixml.hpp>

#include "aws/aws_error.hpp"

namespace smp::aws {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return s;
}

std::string request_id_from_headers(const Headers& headers) {
  if (auto id = headers.get("x-amzn-RequestId")) return std::string(*id);
  if (auto id = headers.get("x-amz-request-id")) return std::string(*id);
  return {};
}

// Fills the fields every protocol shares, classifies, and gives an empty message a sentence.
Error finish(Error e, const HttpResponse& response) {
  e.http_status = response.status;
  if (e.code.empty()) e.code = std::to_string(response.status);
  if (e.request_id.empty()) e.request_id = request_id_from_headers(response.headers);
  const ErrorClass cls = classify_error(e.code, e.http_status, e.message);
  e.kind = cls.kind;
  e.retryable = cls.retryable;
  if (e.message.empty()) {
    e.message = "The service answered HTTP " + std::to_string(response.status) +
                " without an error message";
  }
  return e;
}

std::optional<std::string> string_member(const boost::json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return std::string(value->get_string());
}

// ModelError members (aws-wire.md §1.7.1): the container's own status and body are here, so
// callers never need to pick them out of Message.
void add_model_error_details(const boost::json::object& body, Error& e) {
  if (const auto* status = body.if_contains("OriginalStatusCode")) {
    if (status->is_int64()) {
      e.with_detail("OriginalStatusCode", std::to_string(status->get_int64()));
    } else if (status->is_uint64()) {
      e.with_detail("OriginalStatusCode", std::to_string(status->get_uint64()));
    } else if (status->is_string()) {
      e.with_detail("OriginalStatusCode", std::string(status->get_string()));
    }
  }
  for (std::string_view name : {"OriginalMessage", "LogStreamArn", "ErrorCode"}) {
    if (auto value = string_member(body, name)) e.with_detail(std::string(name), *value);
  }
}

}  // namespace

std::string error_text_from_body(std::string_view body) {
  body = trim(body);
  if (body.size() <= max_raw_error_text) return std::string(body);
  std::size_t cut = max_raw_error_text;
  // Step back over UTF-8 continuation bytes so the cut never splits a character.
  while (cut > 0 && (static_cast<unsigned char>(body[cut]) & 0xC0) == 0x80)
    --cut;
  return std::string(body.substr(0, cut)) + "…";
}

Error parse_json_error(const HttpResponse& response) {
  Error e;
  std::optional<std::string> body_code;
  const std::string_view body = trim(response.body);
  boost::system::error_code ec;
  const boost::json::value parsed =
      body.empty() ? boost::json::value(boost::json::object()) : boost::json::parse(body, ec);
  if (!ec && parsed.is_object()) {
    const auto& object = parsed.get_object();
    e.message = string_member(object, "message")
                    .value_or(string_member(object, "Message").value_or(std::string()));
    body_code = string_member(object, "code");
    if (!body_code) body_code = string_member(object, "Code");
    if (!body_code) body_code = string_member(object, "__type");
    // OpenAI-shaped envelopes ({"error": {"message", "type", "code"}}) come from the
    // OpenAI-compatible route and from containers; take what they say.
    if (const auto* inner = object.if_contains("error"); inner && inner->is_object()) {
      const auto& error = inner->get_object();
      if (e.message.empty()) e.message = string_member(error, "message").value_or("");
      if (!body_code) body_code = string_member(error, "code");
      if (!body_code) body_code = string_member(error, "type");
    }
    add_model_error_details(object, e);
  } else {
    e.message = error_text_from_body(body);
  }
  if (auto header = response.headers.get("x-amzn-ErrorType")) {
    e.code = normalize_error_code(*header);
  } else if (body_code) {
    e.code = normalize_error_code(*body_code);
  }
  return finish(std::move(e), response);
}

Error parse_xml_error(const HttpResponse& response) {
  Error e;
  pugi::xml_document doc;
  const std::string_view body = trim(response.body);
  const pugi::xml_parse_result parsed =
      body.empty() ? pugi::xml_parse_result() : doc.load_buffer(body.data(), body.size());
  pugi::xml_node error;
  pugi::xml_node root = doc.document_element();
  if (parsed) {
    if (std::string_view(root.name()) == "Error") {
      error = root;  // S3: <Error>…</Error>
    } else if (auto nested = root.child("Error")) {
      error = nested;  // Query: <ErrorResponse><Error>…</Error><RequestId/></ErrorResponse>
    } else if (auto listed = root.child("Errors").child("Error")) {
      error = listed;  // <Response><Errors><Error>…</Error></Errors><RequestID/></Response>
    }
  }
  if (error) {
    e.code = normalize_error_code(trim(error.child_value("Code")));
    e.message = std::string(trim(error.child_value("Message")));
    for (const char* id_name : {"RequestId", "RequestID"}) {
      if (e.request_id.empty()) e.request_id = trim(error.child_value(id_name));
      if (e.request_id.empty()) e.request_id = trim(root.child_value(id_name));
    }
    if (auto type = trim(error.child_value("Type")); !type.empty()) {
      e.with_detail("Type", std::string(type));
    }
    if (auto host_id = trim(error.child_value("HostId")); !host_id.empty()) {
      e.with_detail("HostId", std::string(host_id));
    }
  } else if (!body.empty()) {
    e.message = error_text_from_body(body);
  }
  return finish(std::move(e), response);
}

Error parse_error_response(const HttpResponse& response, ErrorProtocol protocol) {
  switch (protocol) {
    case ErrorProtocol::json:
      return parse_json_error(response);
    case ErrorProtocol::query_xml:
    case ErrorProtocol::rest_xml:
      return parse_xml_error(response);
  }
  return parse_json_error(response);
}

}  // namespace smp::aws
