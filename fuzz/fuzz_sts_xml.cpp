// The STS response parsers (AssumeRole, AssumeRoleWithWebIdentity, GetCallerIdentity) and the
// STS error diagnosis under arbitrary bytes.
//
// Input layout: byte 0 picks the HTTP status of the error path (400 + byte % 200), the rest is
// the body. Oracles beyond "no crash, no sanitizer report":
//  - a successful credentials parse has a key id, secret, token and an expiration, and parsing
//    is deterministic;
//  - an error response always becomes an Error with a non-empty message and the given status.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "aws/sts_diagnosis.hpp"
#include "aws/sts_xml.hpp"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace smp::aws;
  if (size == 0) return 0;
  const int status = 400 + data[0] % 200;
  const std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);

  for (std::string_view action : {"AssumeRole", "AssumeRoleWithWebIdentity"}) {
    auto result = parse_sts_credentials_response(body, action);
    auto again = parse_sts_credentials_response(body, action);
    check(result.has_value() == again.has_value());
    if (result) {
      check(!result->credentials.access_key_id.empty());
      check(!result->credentials.secret_access_key.empty());
      check(!result->credentials.session_token.empty());
      check(result->credentials.expiration.has_value());
      check(result->credentials.access_key_id == again->credentials.access_key_id);
    } else {
      check(!result.error().message.empty());
    }
  }
  if (auto identity = parse_caller_identity_response(body)) {
    check(!identity->arn.empty() && !identity->account.empty());
  }

  smp::HttpResponse response;
  response.status = status;
  response.body = std::string(body);
  StsCallFacts facts;
  facts.action = "AssumeRole";
  facts.role_arn = "arn:aws:iam::123456789012:role/demo";
  facts.external_id_sent = (data[0] & 1) != 0;
  const smp::Error error = sts_error_from_response(response, facts);
  check(!error.message.empty());
  check(error.http_status == status);
  (void)is_duration_too_long(error);
  return 0;
}
