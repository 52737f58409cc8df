// The small parsers of untrusted input: form/query decoding, aws-chunked bodies, globs, listen
// addresses, fault rolls.
#include <gtest/gtest.h>

#include "emulator/aws_chunked.hpp"
#include "emulator/emulator.hpp"
#include "emulator/fault_injector.hpp"
#include "emulator/policy.hpp"
#include "emulator/query_params.hpp"
#include "emulator/s3_sigv2_query.hpp"

namespace smp::emulator {
namespace {

TEST(QueryParams, DecodesFormEncoding) {
  const auto params = QueryParams::parse(
      "Action=AssumeRole&RoleSessionName=my+session%40x&Empty=&Flag&&Bad=%zz%4&RoleArn=arn%3Aaws");
  EXPECT_EQ(params.get("Action"), "AssumeRole");
  EXPECT_EQ(params.get("RoleSessionName"), "my session@x");
  EXPECT_EQ(params.get("Empty"), "");
  EXPECT_EQ(params.get("Flag"), "");
  EXPECT_EQ(params.get("Bad"), "%zz%4");
  EXPECT_EQ(params.get("RoleArn"), "arn:aws");
  EXPECT_EQ(params.get("Missing"), std::nullopt);
  EXPECT_EQ(params.pairs().size(), 6u);
}

TEST(QueryParams, PercentDecodeKeepsPlusOutsideForms) {
  EXPECT_EQ(percent_decode("a+b%2Bc%20d", false), "a+b+c d");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_EQ(percent_decode("%", true), "%");
  EXPECT_EQ(percent_decode("%4", true), "%4");
}

TEST(AwsChunked, DecodesSignedAndTrailerForms) {
  const auto signed_body = decode_aws_chunked(
      "5;chunk-signature=abc\r\nhello\r\n6;chunk-signature=def\r\n "
      "world\r\n0;chunk-signature=0\r\n\r\n");
  ASSERT_TRUE(signed_body.has_value());
  EXPECT_EQ(signed_body->data, "hello world");
  const auto trailer = decode_aws_chunked("3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\r\n\r\n");
  ASSERT_TRUE(trailer.has_value());
  EXPECT_EQ(trailer->data, "abc");
  ASSERT_EQ(trailer->trailers.size(), 1u);
  EXPECT_EQ(trailer->trailers[0].second, "NSRBwg==");
}

TEST(AwsChunked, RejectsBrokenFraming) {
  EXPECT_FALSE(decode_aws_chunked("5\r\nhel").has_value());
  EXPECT_FALSE(decode_aws_chunked("zz\r\nhello\r\n0\r\n\r\n").has_value());
  EXPECT_FALSE(decode_aws_chunked("5\r\nhelloXX0\r\n\r\n").has_value());
  EXPECT_FALSE(decode_aws_chunked("ffffffffffffffff\r\nx\r\n").has_value());
  EXPECT_FALSE(decode_aws_chunked("").has_value());
}

TEST(SigV2Query, VerifiesHmacSha1OverTheEncodedResource) {
  const auto now = SystemTime(std::chrono::seconds(1700000000));
  auto query = parse_sigv2_query(QueryParams::parse(
      "AWSAccessKeyId=test&Signature=yyT0TOXJDSbTxNkGluzt2BpsrYg%3D&Expires=1700000600"));
  ASSERT_TRUE(query.has_value());
  EXPECT_EQ(verify_sigv2_query("GET", "/media/tts/a%20b.wav", *query, "test", now),
            SigV2Verdict::ok);
  EXPECT_EQ(verify_sigv2_query("GET", "/media/tts/a%20c.wav", *query, "test", now),
            SigV2Verdict::mismatch);
  EXPECT_EQ(verify_sigv2_query("GET", "/media/tts/a%20b.wav", *query, "other", now),
            SigV2Verdict::mismatch);
  EXPECT_EQ(verify_sigv2_query("GET", "/media/tts/a%20b.wav", *query, "test",
                               now + std::chrono::seconds(601)),
            SigV2Verdict::expired);
  const auto with_token = parse_sigv2_query(QueryParams::parse(
      "AWSAccessKeyId=ASIA&Signature=NGIw5c5R5Az%2BFVTIacOnZr101Xo%3D&Expires=1700000600&"
      "x-amz-security-token=tok%2Fen%2B%3D"));
  ASSERT_TRUE(with_token.has_value());
  EXPECT_EQ(verify_sigv2_query("GET", "/media/k", *with_token, "secret", now), SigV2Verdict::ok);
  EXPECT_FALSE(parse_sigv2_query(QueryParams::parse("AWSAccessKeyId=a&Signature=b")).has_value());
  EXPECT_FALSE(
      parse_sigv2_query(QueryParams::parse("AWSAccessKeyId=a&Signature=b&Expires=x")).has_value());
}

TEST(Glob, MatchesLikeIam) {
  EXPECT_TRUE(glob_match("demo-*", "demo-chat"));
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("a?c", "abc"));
  EXPECT_FALSE(glob_match("a?c", "ac"));
  EXPECT_TRUE(
      glob_match("arn:aws:sagemaker:*:*:endpoint/*", "arn:aws:sagemaker:us-east-1:1:endpoint/x"));
  EXPECT_FALSE(glob_match("demo-*", "Demo-chat"));
  EXPECT_TRUE(glob_match("Sagemaker:*", "sagemaker:InvokeEndpoint", true));
  EXPECT_TRUE(glob_match("*a*a*a*", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"));
  EXPECT_FALSE(glob_match("*a*a*a*c", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab"));
}

TEST(Policy, UnrestrictedAllowsAllAndStatementsRestrict) {
  EXPECT_TRUE(Policy::allow_all().allows("anything:AtAll", {"arn:x", "x"}));
  const auto policy = Policy::from_statements({{{"s3:GetObject"}, {"media/*"}}});
  EXPECT_TRUE(policy.allows("s3:GetObject", {"arn:aws:s3:::media/a", "media/a"}));
  EXPECT_FALSE(policy.allows("s3:PutObject", {"arn:aws:s3:::media/a", "media/a"}));
  EXPECT_FALSE(policy.allows("s3:GetObject", {"arn:aws:s3:::other/a", "other/a"}));
}

TEST(ListenAddress, ParsesTheForms) {
  EXPECT_EQ(parse_listen_address("127.0.0.1:4566")->port, 4566);
  EXPECT_EQ(parse_listen_address("[::1]:0")->host, "::1");
  EXPECT_EQ(parse_listen_address(":8080")->host, "127.0.0.1");
  EXPECT_EQ(parse_listen_address("9000")->port, 9000);
  EXPECT_FALSE(parse_listen_address("host:99999").has_value());
  EXPECT_FALSE(parse_listen_address("host:").has_value());
  EXPECT_FALSE(parse_listen_address("[::1]").has_value());
}

TEST(FaultInjector, SameSeedSameDecisions) {
  const std::vector<FaultConfig> faults = {{.kind = FaultKind::throttling, .rate = 0.3}};
  FaultInjector a(faults, 17), b(faults, 17), c(faults, 18);
  int hits = 0, differences = 0;
  for (int i = 0; i < 1000; ++i) {
    const bool x = a.decide("InvokeEndpoint").has_value();
    EXPECT_EQ(x, b.decide("InvokeEndpoint").has_value());
    if (x != c.decide("InvokeEndpoint").has_value()) ++differences;
    hits += x;
  }
  EXPECT_GT(hits, 240);
  EXPECT_LT(hits, 360);
  EXPECT_GT(differences, 0);
}

TEST(FaultInjector, StreamFaultsSkipInvokeEndpointAndOperationsFilter) {
  FaultInjector injector(
      {{.kind = FaultKind::model_stream_error},
       {.kind = FaultKind::throttling, .operations = {"InvokeEndpointWithResponseStream"}}},
      1);
  EXPECT_FALSE(injector.decide("InvokeEndpoint").has_value());
  EXPECT_EQ(injector.decide("InvokeEndpointWithResponseStream")->kind,
            FaultKind::model_stream_error);
}

}  // namespace
}  // namespace smp::emulator
