#pragma once
// AWS error responses -> smp::Error (aws-wire.md §1.7, §4.5, §6).
//
// Parsing follows botocore: the JSON protocols (rest-json SageMaker Runtime, JSON 1.1 SageMaker
// control plane and Comprehend) take the code from x-amzn-ErrorType or the body, the Query
// protocol (STS) and S3 use XML bodies. Classification maps a code (and the HTTP status when the
// code is unknown) to an ErrorKind and a retryable flag that matches botocore's "standard" retry
// mode, plus ModelNotReadyException, which SageMaker documents as "retry later".
#include <string>
#include <string_view>

#include "base/error.hpp"
#include "base/http_message.hpp"

namespace smp::aws {

// The wire shape of a service's error bodies.
enum class ErrorProtocol {
  json,       // rest-json and JSON 1.1: SageMaker Runtime, SageMaker, Comprehend
  query_xml,  // <ErrorResponse><Error>…</Error><RequestId/></ErrorResponse>: STS
  rest_xml,   // <Error><Code/><Message/><RequestId/></Error>: S3
};

struct ErrorClass {
  ErrorKind kind = ErrorKind::internal;
  bool retryable = false;
};

// What a service error code means. `http_status` decides when the code is unknown (0: no HTTP
// response, e.g. an in-stream error). `message` tells "Endpoint x of account y not found." apart
// from other ValidationErrors.
ErrorClass classify_error(std::string_view code, int http_status, std::string_view message = {});

// "ValidationError:http://internal.amazon.com/coral/…" -> "ValidationError";
// "com.amazon.coral.service#ThrottlingException" -> "ThrottlingException".
std::string normalize_error_code(std::string_view raw);

// Parses a non-2xx response of the given protocol into a classified Error: code, message,
// request id, HTTP status, retryable, and details (ModelError: OriginalStatusCode,
// OriginalMessage, LogStreamArn, ErrorCode; XML: Type, HostId). A body that is not in the
// protocol's format (an HTML page from a proxy, a load balancer's text) becomes the message,
// trimmed and truncated, and the HTTP status decides the code.
Error parse_error_response(const HttpResponse& response, ErrorProtocol protocol);

Error parse_json_error(const HttpResponse& response);
// Both XML shapes (and <Response><Errors><Error>) are recognised by either protocol value.
Error parse_xml_error(const HttpResponse& response);

// Longest raw (non-JSON, non-XML) body text kept as a message, in bytes.
inline constexpr std::size_t max_raw_error_text = 512;

// A body that is not in the expected format, made into a readable message: whitespace trimmed,
// cut to max_raw_error_text bytes at a UTF-8 character boundary ("…" marks the cut).
std::string error_text_from_body(std::string_view body);

}  // namespace smp::aws
