// URI encoding, path normalisation, canonical query strings and URL splitting (aws-wire.md §3.2,
// §3.3), with botocore's behaviour as the reference for the edge cases.
#include <gtest/gtest.h>

#include "aws/sigv4_canonical.hpp"
#include "aws/uri_encoding.hpp"

namespace smp::aws {
namespace {

TEST(SigV4UriEncoding, EncodesAllButUnreserved) {
  const std::string unreserved =
      "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  EXPECT_EQ(uri_encode(unreserved), unreserved);
  EXPECT_EQ(uri_encode(" /+=&?%#:@!*'()"), "%20%2F%2B%3D%26%3F%25%23%3A%40%21%2A%27%28%29");
  EXPECT_EQ(uri_encode("a/b c", SlashEncoding::keep), "a/b%20c");
  EXPECT_EQ(uri_encode("\xe1\x88\xb4"), "%E1%88%B4");
  EXPECT_EQ(uri_encode(std::string("\0\x7f\xff", 3)), "%00%7F%FF");
  // Encoding an encoded path again is what makes the canonical URI "double-encoded".
  EXPECT_EQ(uri_encode("/a%20b", SlashEncoding::keep), "/a%2520b");
}

TEST(SigV4UriEncoding, Decodes) {
  EXPECT_EQ(uri_decode("a%20b%2fc%2F"), "a b/c/");
  EXPECT_EQ(uri_decode("%E1%88%B4"), "\xe1\x88\xb4");
  EXPECT_EQ(uri_decode("a+b"), "a+b");  // URI, not form, decoding
  EXPECT_EQ(uri_decode("100%"), "100%");
  EXPECT_EQ(uri_decode("%zz%4"), "%zz%4");
  EXPECT_EQ(uri_decode("%%41"), "%A");
}

TEST(SigV4UriEncoding, NormalizesPathsLikeBotocore) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "/"},
      {"/", "/"},
      {"//", "/"},
      {"/./", "/"},
      {"/..", "/"},
      {"/example/..", "/"},
      {"/example1/example2/../..", "/"},
      {"/./example", "/example"},
      {"//example//", "/example/"},
      {"/a/./b", "/a/b"},
      {"/a/../b", "/b"},
      {"/a/b/..", "/a"},
      {"/a/b/../", "/a/"},
      {"/a/.", "/a"},
      {"/a/b/c/./../../g", "/a/g"},
      {"/a%2Fb/c", "/a%2Fb/c"},
      {"a/b", "a/b"},
  };
  for (const auto& [in, out] : cases)
    EXPECT_EQ(normalize_path(in), out) << in;
}

TEST(SigV4UriEncoding, CanonicalUri) {
  EXPECT_EQ(canonical_uri("", true, true), "/");
  EXPECT_EQ(canonical_uri("", false, false), "/");
  EXPECT_EQ(canonical_uri("/example space/", false, true), "/example%20space/");
  EXPECT_EQ(canonical_uri("/a%20b//c/..", true, true), "/a%2520b");
  EXPECT_EQ(canonical_uri("/a%20b//c/..", false, false), "/a%20b//c/..");  // S3: as sent
  EXPECT_EQ(canonical_uri("/endpoints/my-endpoint/invocations", true, true),
            "/endpoints/my-endpoint/invocations");
}

TEST(SigV4UriEncoding, CanonicalQueryString) {
  EXPECT_EQ(canonical_query_string(""), "");
  EXPECT_EQ(canonical_query_string("b=2&a=3&a=1"), "a=1&a=3&b=2");
  // Sorted by key first: "a" before "a-b" although "a=" > "a-" bytewise.
  EXPECT_EQ(canonical_query_string("a-b=1&a=2"), "a=2&a-b=1");
  EXPECT_EQ(canonical_query_string("Param2=value2&Param1=value1"), "Param1=value1&Param2=value2");
  EXPECT_EQ(canonical_query_string("k&j="), "j=&k=");
  EXPECT_EQ(canonical_query_string("\xe1\x88\xb4=bar"), "%E1%88%B4=bar");
  EXPECT_EQ(canonical_query_string("%E1%88%B4=bar"), "%E1%88%B4=bar");
  EXPECT_EQ(canonical_query_string("a=b+c&t=%7e&s=x%2fy"), "a=b%2Bc&s=x%2Fy&t=~");
  EXPECT_EQ(canonical_query_string("&&a=1&"), "a=1");
  EXPECT_EQ(canonical_query_string("a=1=2"), "a=1%3D2");
  EXPECT_EQ(canonical_query_string(
                {{"X-Amz-Credential", "AKID/20240115/r/s/aws4_request"}, {"Action", "A B"}}),
            "Action=A%20B&X-Amz-Credential=AKID%2F20240115%2Fr%2Fs%2Faws4_request");
}

TEST(SigV4UriEncoding, ParseQueryKeepsWireOrder) {
  const auto params = parse_query("b=2&a&c=%20");
  ASSERT_EQ(params.size(), 3u);
  EXPECT_EQ(params[0], (std::pair<std::string, std::string>{"b", "2"}));
  EXPECT_EQ(params[1], (std::pair<std::string, std::string>{"a", ""}));
  EXPECT_EQ(params[2], (std::pair<std::string, std::string>{"c", " "}));
}

TEST(SigV4UriEncoding, SplitsUrlsWithoutDecoding) {
  UrlParts p = split_url("https://user:pw@Example.com:8443/a b/%2F?x=1&y#frag");
  EXPECT_EQ(p.scheme, "https");
  EXPECT_EQ(p.authority, "Example.com:8443");
  EXPECT_EQ(p.path, "/a b/%2F");
  EXPECT_EQ(p.query, "x=1&y");

  p = split_url("http://host?x=1");
  EXPECT_EQ(p.authority, "host");
  EXPECT_EQ(p.path, "");
  EXPECT_EQ(p.query, "x=1");

  p = split_url("/endpoints/e/invocations?a=b://c");
  EXPECT_EQ(p.scheme, "");
  EXPECT_EQ(p.authority, "");
  EXPECT_EQ(p.path, "/endpoints/e/invocations");
  EXPECT_EQ(p.query, "a=b://c");

  p = split_url("http://[::1]:8080");
  EXPECT_EQ(p.authority, "[::1]:8080");
  EXPECT_EQ(p.path, "");
}

TEST(SigV4UriEncoding, HostHeaderValue) {
  const std::pair<const char*, const char*> cases[] = {
      {"HTTPS://Runtime.SageMaker.us-east-1.amazonaws.com:443/x",
       "runtime.sagemaker.us-east-1.amazonaws.com"},
      {"http://h:80/", "h"},
      {"http://h:8080/", "h:8080"},
      {"https://h:80/", "h:80"},
      {"http://h/", "h"},
      {"http://[::1]:8080/", "[::1]:8080"},
      {"http://[::1]/", "[::1]"},
      {"https://[::1]:443/", "[::1]"},
      {"https://user:pw@h.example.com/", "h.example.com"},
  };
  for (const auto& [url, host] : cases)
    EXPECT_EQ(host_header_value(split_url(url)), host) << url;
}

}  // namespace
}  // namespace smp::aws
