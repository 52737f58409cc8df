// AWS error bodies (JSON, Query XML, S3 XML) from untrusted peers: any proxy can answer.
//
// Input layout: byte 0 = protocol (bits 0-1) and "first line is x-amzn-ErrorType" (bit 2);
// byte 1 = HTTP status index; the rest is the body. Oracles: the parse always yields a code and
// a message, keeps the status, and agrees with classify_error on kind and retryability.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "aws/aws_error.hpp"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

constexpr std::array<int, 16> statuses = {400, 403, 404, 408, 413, 424, 429, 500,
                                          501, 502, 503, 504, 530, 200, 301, 0};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  using smp::aws::ErrorProtocol;
  const ErrorProtocol protocols[] = {ErrorProtocol::json, ErrorProtocol::query_xml,
                                     ErrorProtocol::rest_xml, ErrorProtocol::json};
  const ErrorProtocol protocol = protocols[data[0] & 3];
  smp::HttpResponse response;
  response.status = statuses[data[1] % statuses.size()];
  std::string body(reinterpret_cast<const char*>(data) + 2, size - 2);
  if ((data[0] & 4) != 0) {
    const std::size_t newline = body.find('\n');
    response.headers.add("x-amzn-ErrorType", body.substr(0, newline));
    body.erase(0, newline == std::string::npos ? body.size() : newline + 1);
  }
  response.body = std::move(body);

  const smp::Error e = smp::aws::parse_error_response(response, protocol);
  check(e.http_status == response.status);
  check(!e.message.empty());
  const smp::aws::ErrorClass cls = smp::aws::classify_error(e.code, e.http_status, e.message);
  check(cls.kind == e.kind);
  check(cls.retryable == e.retryable);
  check(e.code.find(':') == std::string::npos);
  return 0;
}
