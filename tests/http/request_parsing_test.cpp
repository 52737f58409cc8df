#include "http/detail/request_parsing.hpp"

#include <gtest/gtest.h>

namespace smp::http::detail {
namespace {

TEST(RequestParsing, ContentLengthRequest) {
  auto request = parse_request(
      "POST /endpoints/m/invocations?a=1 HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\n"
      "Content-Length: 5\r\n\r\nhello",
      {});
  ASSERT_TRUE(request) << request.error().describe();
  EXPECT_EQ(request->method, "POST");
  EXPECT_EQ(request->target, "/endpoints/m/invocations?a=1");
  EXPECT_EQ(request->path, "/endpoints/m/invocations");
  EXPECT_EQ(request->query, "a=1");
  EXPECT_EQ(request->body, "hello");
  EXPECT_EQ(request->headers.get("content-type"), "application/json");
  EXPECT_EQ(request->http_version, 11u);
}

TEST(RequestParsing, ChunkedRequestBody) {
  auto request = parse_request(
      "PUT /b/k HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: "
      "chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n",
      {});
  ASSERT_TRUE(request) << request.error().describe();
  EXPECT_EQ(request->body, "abcde");
}

TEST(RequestParsing, AbsoluteFormTargetKeepsPathAndQuery) {
  auto request =
      parse_request("GET http://example.com/x/y?z=1 HTTP/1.1\r\nHost: example.com\r\n\r\n", {});
  ASSERT_TRUE(request);
  EXPECT_EQ(request->path, "/x/y");
  EXPECT_EQ(request->query, "z=1");
  EXPECT_EQ(request->target, "http://example.com/x/y?z=1");
}

TEST(RequestParsing, HeadersOverTheLimitAre431) {
  RequestLimits limits{.max_header_bytes = 1024, .max_body_bytes = 1024};
  std::string bytes = "GET / HTTP/1.1\r\nHost: h\r\nX-Big: " + std::string(2000, 'a') + "\r\n\r\n";
  auto request = parse_request(bytes, limits);
  ASSERT_FALSE(request);
  EXPECT_EQ(request.error().http_status, 431);
}

TEST(RequestParsing, TheHeaderLimitCountsTheStartLineToo) {
  // 700 bytes of start line and 700 of fields: each under Beast's separate checks, together over.
  RequestLimits limits{.max_header_bytes = 1024, .max_body_bytes = 1024};
  const std::string bytes = "GET /" + std::string(700, 'a') +
                            " HTTP/1.1\r\nHost: h\r\nX-Big: " + std::string(700, 'b') + "\r\n\r\n";
  auto request = parse_request(bytes, limits);
  ASSERT_FALSE(request);
  EXPECT_EQ(request.error().http_status, 431);
  limits.max_header_bytes = bytes.size();
  EXPECT_TRUE(parse_request(bytes, limits).has_value());
}

TEST(RequestParsing, BodiesOverTheLimitAre413) {
  RequestLimits limits{.max_header_bytes = 1024, .max_body_bytes = 4};
  auto fixed =
      parse_request("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello", limits);
  ASSERT_FALSE(fixed);
  EXPECT_EQ(fixed.error().http_status, 413);
  auto chunked = parse_request(
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: "
      "chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n",
      limits);
  ASSERT_FALSE(chunked);
  EXPECT_EQ(chunked.error().http_status, 413);
}

TEST(RequestParsing, GarbageIs400) {
  for (std::string_view bad :
       {std::string_view("HELLO\r\n\r\n"), std::string_view("GET / HTTP/9.9\r\n\r\n"),
        std::string_view("GET / HTTP/1.1\r\nContent-Length: abc\r\n\r\n"),
        std::string_view("GET / HTTP/1.1\r\nBad Header: x\r\n\r\n"),
        std::string_view("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
        std::string_view("GET . HTTP/1.1\r\n\r\n"), std::string_view("GET * HTTP/1.1\r\n\r\n"),
        std::string_view("CONNECT host:443 HTTP/1.1\r\n\r\n"),
        std::string_view("GET ftp://x/ HTTP/1.1\r\n\r\n"),
        std::string_view("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11)}) {
    auto request = parse_request(bad, {});
    ASSERT_FALSE(request) << bad;
    EXPECT_EQ(request.error().http_status, 400) << bad;
    EXPECT_EQ(request.error().kind, ErrorKind::protocol);
  }
}

TEST(RequestParsing, TruncatedRequestIsAnError) {
  auto request = parse_request("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc", {});
  ASSERT_FALSE(request);
}

}  // namespace
}  // namespace smp::http::detail
