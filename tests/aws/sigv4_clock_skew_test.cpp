// Clock-skew detection and correction, ending with the whole loop: a client whose clock is 10
// minutes slow is rejected by the verifier, learns the offset from the response, and succeeds.
#include <gtest/gtest.h>

#include "aws/clock_skew.hpp"
#include "aws/sigv4.hpp"
#include "aws/sigv4_time.hpp"
#include "aws/sigv4_verify.hpp"

namespace smp::aws {
namespace {

using namespace std::chrono_literals;

const SystemTime kServerNow = *parse_amz_date("20240115T120000Z");

TEST(SigV4ClockSkew, RecognisesSkewErrors) {
  EXPECT_TRUE(is_skew_error("RequestTimeTooSkewed", "The difference between the request time..."));
  EXPECT_TRUE(is_skew_error("RequestExpired", "Request has expired"));
  EXPECT_TRUE(is_skew_error("RequestInTheFuture", ""));
  EXPECT_TRUE(is_skew_error("InvalidSignature", ""));
  EXPECT_TRUE(is_skew_error("InvalidSignatureException",
                            "Signature expired: 20240115T115000Z is now earlier than "
                            "20240115T115500Z (20240115T120000Z - 5 min.)"));
  EXPECT_TRUE(is_skew_error("SignatureDoesNotMatch",
                            "Signature not yet current: 20240115T121000Z is still later than "
                            "20240115T120500Z (20240115T120000Z + 5 min.)"));
  EXPECT_TRUE(is_skew_error("InvalidSignatureException", "signature EXPIRED: ..."));
  EXPECT_FALSE(is_skew_error("InvalidSignatureException",
                             "The request signature we calculated does not match the signature "
                             "you provided."));
  EXPECT_FALSE(is_skew_error("SignatureDoesNotMatch", ""));
  EXPECT_FALSE(is_skew_error("ThrottlingException", "Signature expired"));
  EXPECT_FALSE(is_skew_error("", ""));
}

TEST(SigV4ClockSkew, ReadsTheServerTime) {
  HttpResponse response;
  EXPECT_EQ(server_time_from(response), std::nullopt);
  response.headers.add("Date", "Mon, 15 Jan 2024 12:00:00 GMT");
  EXPECT_EQ(server_time_from(response), kServerNow);
  response.headers.add("X-Amz-Date", "20240115T120005Z");  // preferred over Date
  EXPECT_EQ(server_time_from(response), kServerNow + 5s);
  response.headers.set("X-Amz-Date", "garbage");  // falls back to Date
  EXPECT_EQ(server_time_from(response), kServerNow);
  response.headers.set("Date", "yesterday");
  EXPECT_EQ(server_time_from(response), std::nullopt);
}

TEST(SigV4ClockSkew, AdjustsOnlyBeyondFourMinutes) {
  ClockSkew skew;
  EXPECT_FALSE(skew.adjust(kServerNow, kServerNow - 4min));
  EXPECT_FALSE(skew.adjust(kServerNow, kServerNow + 4min));
  EXPECT_EQ(skew.offset(), 0ns);

  EXPECT_TRUE(skew.adjust(kServerNow, kServerNow - 4min - 1s));
  EXPECT_EQ(skew.offset(), 4min + 1s);
  // The corrected clock is now right: the same answer again changes nothing.
  EXPECT_FALSE(skew.adjust(kServerNow, kServerNow - 4min - 1s));

  ClockSkew fast;
  EXPECT_TRUE(fast.adjust(kServerNow, kServerNow + 1h));
  EXPECT_EQ(fast.offset(), -1h);
  // The machine's clock got fixed (NTP): the stale offset is now what is wrong, and is undone.
  EXPECT_TRUE(fast.adjust(kServerNow, kServerNow));
  EXPECT_EQ(fast.offset(), 0ns);
}

TEST(SigV4ClockSkew, SigningTimeAppliesTheOffset) {
  ManualClock clock(kServerNow);
  ClockSkew skew;
  EXPECT_EQ(skew.signing_time(clock), kServerNow);
  skew.set_offset(-90s);
  EXPECT_EQ(skew.signing_time(clock), kServerNow - 90s);
}

TEST(SigV4ClockSkew, SlowClientRecoversAfterOneRetry) {
  ManualClock client_clock(kServerNow - 10min);
  ClockSkew skew;
  Credentials credentials;
  credentials.access_key_id = "AKIDEXAMPLE";
  credentials.secret_access_key = "secret";

  const auto attempt = [&]() {
    HttpRequest request;
    request.method = "POST";
    request.url = "https://runtime.sagemaker.us-east-1.amazonaws.com/endpoints/e/invocations";
    request.body = "{}";
    SigningParams params;
    params.region = "us-east-1";
    params.service = "sagemaker";
    params.time = skew.signing_time(client_clock);
    sign_request(request, credentials, params);
    const auto parsed = parse_sigv4_auth(request);
    VerifyOptions options;
    options.now = kServerNow;
    return verify_sigv4(request, **parsed, credentials.secret_access_key, options);
  };

  const SigV4Verdict first = attempt();
  ASSERT_EQ(first.status, SigV4Status::skewed);
  const auto code = sigv4_error_code(first.status, AwsErrorStyle::json).code;
  ASSERT_TRUE(is_skew_error(code, first.message)) << first.message;

  HttpResponse response;
  response.status = 403;
  response.headers.add("Date", format_http_date(kServerNow));
  const auto server_time = server_time_from(response);
  ASSERT_TRUE(server_time);
  ASSERT_TRUE(skew.adjust(*server_time, client_clock.now()));

  const SigV4Verdict second = attempt();
  EXPECT_TRUE(second.ok()) << second.message;
}

}  // namespace
}  // namespace smp::aws
