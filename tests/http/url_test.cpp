#include "http/url.hpp"

#include <gtest/gtest.h>

namespace smp::http {
namespace {

TEST(Url, HttpsWithDefaultPortHasNoPortInAuthority) {
  auto url = parse_url("https://runtime.sagemaker.us-east-1.amazonaws.com/endpoints/x/invocations");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->scheme, "https");
  EXPECT_EQ(url->host, "runtime.sagemaker.us-east-1.amazonaws.com");
  EXPECT_EQ(url->port, 443);
  EXPECT_EQ(url->target, "/endpoints/x/invocations");
  EXPECT_EQ(url->authority(), "runtime.sagemaker.us-east-1.amazonaws.com");
  EXPECT_EQ(url->host_and_port(), "runtime.sagemaker.us-east-1.amazonaws.com:443");
}

TEST(Url, ExplicitPortQueryAndCaseNormalisation) {
  auto url = parse_url("HTTP://LocalHost:8080/a%2Fb?x=1&y=%20#frag");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->scheme, "http");
  EXPECT_EQ(url->host, "localhost");
  EXPECT_EQ(url->port, 8080);
  EXPECT_EQ(url->target, "/a%2Fb?x=1&y=%20");  // path stays encoded, fragment dropped
  EXPECT_EQ(url->authority(), "localhost:8080");
  EXPECT_EQ(url->to_string(), "http://localhost:8080/a%2Fb?x=1&y=%20");
}

TEST(Url, DefaultPortWrittenExplicitlyIsOmittedFromAuthority) {
  auto url = parse_url("http://example.com:80");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->authority(), "example.com");
  EXPECT_EQ(url->target, "/");
}

TEST(Url, Ipv6LiteralKeepsBracketsOnlyInAuthority) {
  auto url = parse_url("http://[::1]:9000/p");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->host, "::1");
  EXPECT_TRUE(url->is_ipv6_literal());
  EXPECT_EQ(url->authority(), "[::1]:9000");
  EXPECT_EQ(url->host_and_port(), "[::1]:9000");
  auto plain = parse_url("https://[fd00::5]/");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->authority(), "[fd00::5]");
}

TEST(Url, QueryWithoutPathGetsSlash) {
  auto url = parse_url("http://h?Action=AssumeRole");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->target, "/?Action=AssumeRole");
}

TEST(Url, UserInfoIsDecoded) {
  auto url = parse_url("http://user:p%40ss@proxy:3128");
  ASSERT_TRUE(url);
  EXPECT_EQ(url->user, "user");
  EXPECT_EQ(url->password, "p@ss");
  EXPECT_EQ(url->authority(), "proxy:3128");
}

TEST(Url, RejectsWhatIsNotAnAbsoluteHttpUrl) {
  for (const char* bad : {"", "/relative", "ftp://h/", "http://", "http:///path", "http://h:0/",
                          "http://h:65536/", "http://h:12x/", "localhost:80", "http://a b/"}) {
    auto url = parse_url(bad);
    EXPECT_FALSE(url) << bad;
    if (!url) {
      EXPECT_EQ(url.error().kind, ErrorKind::invalid_argument);
    }
  }
}

TEST(PercentDecode, DecodesEscapesAndRejectsBrokenOnes) {
  EXPECT_EQ(percent_decode("a%20b%2Fc+d"), "a b/c+d");
  EXPECT_EQ(percent_decode("%e2%82%AC"), "\xE2\x82\xAC");
  EXPECT_EQ(percent_decode(""), "");
  EXPECT_FALSE(percent_decode("%"));
  EXPECT_FALSE(percent_decode("abc%2"));
  EXPECT_FALSE(percent_decode("%zz"));
}

}  // namespace
}  // namespace smp::http
