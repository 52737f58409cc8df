#include "aws/eventstream_sagemaker.hpp"

#include <boost/json.hpp>

#include "aws/aws_error.hpp"
#include "aws/eventstream_encoder.hpp"

namespace smp::aws::eventstream {
namespace {

constexpr std::string_view message_type_header = ":message-type";
constexpr std::string_view event_type_header = ":event-type";
constexpr std::string_view exception_type_header = ":exception-type";
constexpr std::string_view content_type_header = ":content-type";
constexpr std::string_view error_code_header = ":error-code";
constexpr std::string_view error_message_header = ":error-message";

std::unexpected<Error> protocol_error(std::string code, std::string message) {
  return fail(ErrorKind::protocol, std::move(code), std::move(message));
}

struct ExceptionBody {
  std::string message;
  std::string error_code;
};

// The JSON body of a modeled exception: {"Message": "...", "ErrorCode": "..."}. A body that is
// not JSON still says something useful, so it becomes the message.
ExceptionBody parse_exception_body(std::string_view payload) {
  ExceptionBody body;
  boost::system::error_code ec;
  const boost::json::value json = boost::json::parse(payload, ec);
  if (ec || !json.is_object()) {
    body.message = error_text_from_body(payload);
    return body;
  }
  const auto& object = json.get_object();
  for (std::string_view name : {"Message", "message"}) {
    if (const auto* v = object.if_contains(name); v && v->is_string() && body.message.empty()) {
      body.message = std::string(v->get_string());
    }
  }
  if (const auto* v = object.if_contains("ErrorCode"); v && v->is_string()) {
    body.error_code = std::string(v->get_string());
  }
  return body;
}

// In-stream errors keep the kind their code implies but are never retryable (§6.5).
Error in_stream_error(std::string code, std::string message) {
  const ErrorClass cls = classify_error(code, 0, message);
  Error e = Error::make(cls.kind, std::move(code), std::move(message));
  e.retryable = false;
  return e;
}

Error exception_error(std::string_view exception_type, std::string_view payload) {
  ExceptionBody body = parse_exception_body(payload);
  if (exception_type == "ModelStreamError") {
    std::string code = body.error_code.empty() ? "ModelStreamError" : body.error_code;
    if (body.message.empty()) body.message = "The model stream failed";
    Error e = Error::make(ErrorKind::model, code, std::move(body.message));
    e.with_detail("ExceptionType", "ModelStreamError");
    if (!body.error_code.empty()) e.with_detail("ErrorCode", body.error_code);
    return e;
  }
  if (exception_type == "InternalStreamFailure") {
    if (body.message.empty()) body.message = "SageMaker failed while streaming the response";
    Error e = Error::make(ErrorKind::unavailable, "InternalStreamFailure", std::move(body.message));
    e.with_detail("ExceptionType", "InternalStreamFailure");
    return e;
  }
  if (body.message.empty()) {
    body.message = "The response stream ended with exception " + std::string(exception_type);
  }
  Error e = in_stream_error(std::string(exception_type), std::move(body.message));
  e.with_detail("ExceptionType", std::string(exception_type));
  if (!body.error_code.empty()) e.with_detail("ErrorCode", body.error_code);
  return e;
}

}  // namespace

Result<ResponseStreamEvent> classify_response_stream_message(const Message& message) {
  const auto message_type = message.string_header(message_type_header);
  if (!message_type) {
    return protocol_error("EventStreamMissingMessageType",
                          "Event-stream message without a :message-type header");
  }
  if (*message_type == "event") {
    const auto event_type = message.string_header(event_type_header);
    if (!event_type) {
      return protocol_error("EventStreamMissingEventType",
                            "Event-stream event without an :event-type header");
    }
    if (*event_type == "PayloadPart") return PayloadPart{message.payload};
    // initial-response (RPC protocols) and event types added after this code: skip, as
    // botocore and the AWS SDKs do.
    return IgnoredEvent{*event_type};
  }
  if (*message_type == "exception") {
    const auto exception_type = message.string_header(exception_type_header);
    if (!exception_type) {
      return protocol_error("EventStreamMissingExceptionType",
                            "Event-stream exception without an :exception-type header");
    }
    return std::unexpected(exception_error(*exception_type, message.payload));
  }
  if (*message_type == "error") {
    std::string code(message.string_header(error_code_header).value_or("UnknownStreamError"));
    std::string text(message.string_header(error_message_header).value_or(""));
    if (text.empty()) text = "The response stream ended with error " + code;
    Error e = in_stream_error(std::move(code), std::move(text));
    e.with_detail("MessageType", "error");
    return std::unexpected(std::move(e));
  }
  return protocol_error(
      "EventStreamUnknownMessageType",
      "Event-stream message of unknown :message-type '" + std::string(*message_type) + "'");
}

Result<std::optional<std::string_view>> ResponseStreamDecoder::next_part() {
  if (failure_) return std::unexpected(*failure_);
  while (true) {
    auto message = decoder_.next();
    if (!message) {
      failure_ = message.error();
      return std::unexpected(std::move(message.error()));
    }
    if (!*message) return std::nullopt;
    auto event = classify_response_stream_message(**message);
    if (!event) {
      failure_ = event.error();
      return std::unexpected(std::move(event.error()));
    }
    if (const auto* part = std::get_if<PayloadPart>(&*event)) {
      ++parts_;
      payload_bytes_ += part->bytes.size();
      return part->bytes;
    }
  }
}

Result<void> ResponseStreamDecoder::finish() const {
  if (failure_) return std::unexpected(*failure_);
  return decoder_.finish();
}

Result<std::string> encode_payload_part(std::string_view bytes) {
  const Header headers[] = {Header::string(event_type_header, "PayloadPart"),
                            Header::string(content_type_header, "application/octet-stream"),
                            Header::string(message_type_header, "event")};
  return encode_message(headers, bytes);
}

namespace {

Result<std::string> encode_exception(std::string_view type, const boost::json::object& body) {
  const std::string json = boost::json::serialize(body);
  const Header headers[] = {Header::string(exception_type_header, type),
                            Header::string(content_type_header, "application/json"),
                            Header::string(message_type_header, "exception")};
  return encode_message(headers, json);
}

}  // namespace

Result<std::string> encode_model_stream_error(std::string_view message,
                                              std::string_view error_code) {
  boost::json::object body;
  body["Message"] = message;
  if (!error_code.empty()) body["ErrorCode"] = error_code;
  return encode_exception("ModelStreamError", body);
}

Result<std::string> encode_internal_stream_failure(std::string_view message) {
  boost::json::object body;
  body["Message"] = message;
  return encode_exception("InternalStreamFailure", body);
}

Result<std::string> encode_error_message(std::string_view error_code, std::string_view message) {
  const Header headers[] = {Header::string(message_type_header, "error"),
                            Header::string(error_code_header, error_code),
                            Header::string(error_message_header, message)};
  return encode_message(headers, "");
}

}  // namespace smp::aws::eventstream
