#pragma once
// Error responses in the exact shapes the real services send (aws-wire.md §1.7, §4.5), so the
// official SDKs raise the same exception classes against the emulator as against AWS.
//   rest_json  SageMaker runtime: x-amzn-ErrorType header + {"Message": …} (auth errors from the
//              front door use {"message": …})
//   json_1_1   SageMaker control plane, Comprehend: {"__type": CODE, "message": …}
//   query_xml  STS:
//   <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse> s3_xml S3:
//   <Error><Code/><Message/>…<RequestId/><HostId/></Error>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/http_message.hpp"

namespace smp::emulator {

enum class Protocol { rest_json, json_1_1, query_xml, s3_xml };

struct ServiceError {
  int status = 400;
  std::string code;
  std::string message;
  bool sender_fault = true;        // STS <Type>Sender</Type> vs Receiver
  bool error_type_header = true;   // false: no x-amzn-ErrorType (the front door's 413)
  bool lowercase_message = false;  // {"message"} (Coral front door) instead of {"Message"}
  // Extra members: JSON fields (numbers when `numeric`), or extra S3 XML elements.
  struct Field {
    std::string name;
    std::string value;
    bool numeric = false;
  };
  std::vector<Field> fields;

  ServiceError& with(std::string name, std::string value, bool numeric = false) {
    fields.push_back({std::move(name), std::move(value), numeric});
    return *this;
  }
};

HttpResponse render_error(Protocol protocol, const ServiceError& error,
                          std::string_view request_id);

// The error code a response carries (x-amzn-ErrorType, <Code>, __type; else the status), or ""
// for a success. The request log records it.
std::string error_code_of(const HttpResponse& response);

// Why authentication or authorization failed; each protocol words it its own way.
enum class AuthFailure {
  missing_token,       // no Authorization header / presigned query
  incomplete,          // malformed Authorization or presigned query (detail has the words)
  unknown_key,         // access key id not in any identity or issued session
  invalid_token,       // temporary key without its session token, or with the wrong one
  expired_token,       // issued session past its Expiration
  signature_mismatch,  // recomputed signature differs (wrong secret, tampered request)
  content_mismatch,    // x-amz-content-sha256 is not the hash of the body received
  signature_expired,   // X-Amz-Date outside the allowed skew (detail has "Signature expired: …")
  presign_expired,     // presigned URL past X-Amz-Expires
  access_denied,       // no allow statement matches (detail has the full sentence)
};

struct AuthError {
  AuthFailure failure;
  std::string detail;  // the message when the failure needs specifics
  // S3 wants a few facts as extra elements (AWSAccessKeyId, RequestTime, ServerTime, Expires…).
  std::vector<ServiceError::Field> s3_fields;
};

ServiceError auth_error(Protocol protocol, const AuthError& error);

// The exact sentences (kept here so tests and services share one spelling).
inline constexpr std::string_view kInvalidTokenMessage =
    "The security token included in the request is invalid.";
inline constexpr std::string_view kExpiredTokenMessage =
    "The security token included in the request is expired";
inline constexpr std::string_view kSignatureMismatchMessage =
    "The request signature we calculated does not match the signature you provided. Check your "
    "AWS Secret Access Key and signing method. Consult the service documentation for details.";
inline constexpr std::string_view kS3SignatureMismatchMessage =
    "The request signature we calculated does not match the signature you provided. Check your "
    "key and signing method.";

}  // namespace smp::emulator
