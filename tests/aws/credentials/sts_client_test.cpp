#include "aws/sts_client.hpp"

#include <gtest/gtest.h>

#include "credentials_test_support.hpp"

namespace smp::aws {
namespace {

using namespace testing;

Credentials caller_keys() {
  Credentials c;
  c.access_key_id = "AKIAIOSFODNN7EXAMPLE";
  c.secret_access_key = kSecretKey;
  c.session_token = kSessionToken;
  return c;
}

AssumeRoleParams demo_params(std::string external_id = {}) {
  AssumeRoleParams p;
  p.role_arn = "arn:aws:iam::123456789012:role/demo";
  p.role_session_name = "sess";
  p.external_id = std::move(external_id);
  p.duration_seconds = 3600;
  return p;
}

class StsClientTest : public ::testing::Test {
 protected:
  Error assume_role_error(int status, const std::string& body, std::string external_id = {}) {
    world.fake.set_handler([=](const HttpRequest&) { return response(status, body); });
    StsClient sts(world.context(), StsClientConfig{"eu-west-1"});
    auto result = sts.assume_role(caller_keys(), demo_params(external_id), "profile ci");
    EXPECT_FALSE(result);
    return result ? Error{} : result.error();
  }
  World world;
};

TEST_F(StsClientTest, AssumeRoleSendsASignedRequestWithTheSessionToken) {
  world.fake.set_handler([](const HttpRequest&) {
    return response(200, sts_credentials_xml("AssumeRole", "ASIANEW", kAssumedSecret, kAssumedToken,
                                             "2024-01-15T13:00:00Z"));
  });
  StsClient sts(world.context(), StsClientConfig{"eu-west-1"});
  auto result = sts.assume_role(caller_keys(), demo_params("ext-1"));
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->credentials.access_key_id, "ASIANEW");

  ASSERT_EQ(world.fake.count(), 1u);
  const HttpRequest sent = world.fake.requests()[0];
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, "https://sts.eu-west-1.amazonaws.com/");
  EXPECT_EQ(sent.body, assume_role_form(demo_params("ext-1")));
  EXPECT_EQ(sent.headers.get("X-Amz-Security-Token"), kSessionToken);
  const std::string authorization(sent.headers.get("Authorization").value_or(""));
  EXPECT_TRUE(authorization.starts_with(
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240115/eu-west-1/sts/aws4_request"))
      << authorization;
}

TEST_F(StsClientTest, WebIdentityIsUnsigned) {
  world.fake.set_handler([](const HttpRequest&) {
    return response(200, sts_credentials_xml("AssumeRoleWithWebIdentity", "ASIAWEB", kAssumedSecret,
                                             kAssumedToken, "2024-01-15T13:00:00Z"));
  });
  StsClient sts(world.context(), StsClientConfig{"us-west-2"});
  WebIdentityParams params;
  params.role_arn = "arn:aws:iam::123456789012:role/irsa";
  params.role_session_name = "s";
  params.web_identity_token = kWebIdentityToken;
  auto result = sts.assume_role_with_web_identity(params);
  ASSERT_TRUE(result) << result.error().message;
  const HttpRequest sent = world.fake.requests().at(0);
  EXPECT_FALSE(sent.headers.contains("Authorization"));
  EXPECT_FALSE(sent.headers.contains("X-Amz-Security-Token"));
  EXPECT_NE(sent.body.find("WebIdentityToken=" + form_url_encode(kWebIdentityToken)),
            std::string::npos);
}

TEST_F(StsClientTest, AccessDeniedNamesCallerRoleAndExternalIdAdvice) {
  const std::string sts_message =
      "User: arn:aws:iam::111122223333:user/x is not authorized to perform: sts:AssumeRole on "
      "resource: arn:aws:iam::123456789012:role/demo";
  Error without = assume_role_error(403, sts_error_xml("AccessDenied", sts_message));
  EXPECT_EQ(without.kind, ErrorKind::auth);
  EXPECT_EQ(without.code, "AccessDenied");
  EXPECT_EQ(without.http_status, 403);
  EXPECT_EQ(without.request_id, "4b3a-error-request");
  EXPECT_NE(without.message.find("the role's trust policy does not allow "
                                 "arn:aws:iam::111122223333:user/x to assume "
                                 "arn:aws:iam::123456789012:role/demo"),
            std::string::npos)
      << without.message;
  EXPECT_NE(without.message.find("lacks sts:AssumeRole"), std::string::npos);
  EXPECT_NE(without.message.find("No external id was sent"), std::string::npos);
  EXPECT_NE(without.message.find("STS said: " + sts_message), std::string::npos);

  Error with = assume_role_error(403, sts_error_xml("AccessDenied", "denied"), "ext-42");
  EXPECT_NE(with.message.find("check that it matches the trust policy's sts:ExternalId"),
            std::string::npos)
      << with.message;
  // Without an ARN in STS's message, the source credentials are named instead (never secrets).
  EXPECT_NE(with.message.find("the caller (profile ci (AKIA…MPLE))"), std::string::npos)
      << with.message;
  render(without);
  render(with);
}

TEST_F(StsClientTest, ExpiredTokenTellsToRefreshTheSource) {
  Error e = assume_role_error(
      400, sts_error_xml("ExpiredToken", "The security token included in the request is expired"));
  EXPECT_EQ(e.kind, ErrorKind::auth);
  EXPECT_FALSE(e.retryable);
  EXPECT_NE(e.message.find("has expired: refresh the source credentials"), std::string::npos)
      << e.message;
  render(e);
}

TEST_F(StsClientTest, MessagesForOtherKnownCodes) {
  struct Case {
    int status;
    const char* code;
    const char* sts_message;
    ErrorKind kind;
    const char* says;
  };
  for (const Case& c : {
           Case{403, "InvalidClientTokenId",
                "The security token included in the request is invalid.", ErrorKind::auth,
                "source access key id"},
           Case{403, "SignatureDoesNotMatch", "...", ErrorKind::auth, "system clock"},
           Case{403, "RegionDisabledException", "STS is not activated in this region",
                ErrorKind::auth, "not activated in region eu-west-1"},
           Case{400, "ValidationError",
                "1 validation error detected: Value 'a b' at 'roleSessionName' failed to satisfy "
                "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
                ErrorKind::invalid_argument, "rejected the role session name"},
           Case{400, "ValidationError",
                "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
                ErrorKind::invalid_argument, "exceeds the role's maximum session duration"},
           Case{400, "MalformedPolicyDocument", "bad", ErrorKind::invalid_argument,
                "session policy"},
           Case{418, "Teapot", "short and stout", ErrorKind::rejected, "failed with HTTP 418"},
       }) {
    Error e = assume_role_error(c.status, sts_error_xml(c.code, c.sts_message));
    EXPECT_EQ(e.code, c.code);
    EXPECT_EQ(e.kind, c.kind) << c.code << ": " << to_string(e.kind);
    EXPECT_NE(e.message.find(c.says), std::string::npos) << e.message;
    ASSERT_NE(e.detail("StsMessage"), nullptr);
    render(e);
  }
}

TEST_F(StsClientTest, ThrottlingAndServerErrorsAreRetriedWithBackoff) {
  int calls = 0;
  world.fake.set_handler([&](const HttpRequest&) {
    ++calls;
    if (calls == 1) return response(400, sts_error_xml("Throttling", "Rate exceeded"));
    if (calls == 2) return response(503, "<html>Service Unavailable</html>");
    return response(200, sts_credentials_xml("AssumeRole", "ASIA3", kAssumedSecret, kAssumedToken,
                                             "2024-01-15T13:00:00Z"));
  });
  StsClient sts(world.context(), StsClientConfig{"eu-west-1"});
  auto result = sts.assume_role(caller_keys(), demo_params());
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(calls, 3);
  ASSERT_EQ(world.sleeps.size(), 2u);
  EXPECT_LT(world.sleeps[0], world.sleeps[1]);
}

TEST_F(StsClientTest, GivesUpAfterMaxAttemptsAndDoesNotRetryAuthErrors) {
  world.fake.set_handler([](const HttpRequest&) {
    return response(400, sts_error_xml("IDPCommunicationError", "idp down"));
  });
  StsClient sts(world.context(), StsClientConfig{"eu-west-1", "", {}, 2});
  auto result = sts.assume_role(caller_keys(), demo_params());
  ASSERT_FALSE(result);
  EXPECT_EQ(world.fake.count(), 2u);
  EXPECT_TRUE(result.error().retryable);
  EXPECT_NE(result.error().message.find("after 2 attempts"), std::string::npos);

  World other;
  other.fake.set_handler(
      [](const HttpRequest&) { return response(403, sts_error_xml("AccessDenied", "no")); });
  StsClient strict(other.context(), StsClientConfig{"eu-west-1"});
  EXPECT_FALSE(strict.assume_role(caller_keys(), demo_params()));
  EXPECT_EQ(other.fake.count(), 1u);
}

TEST_F(StsClientTest, ConnectionFailureNamesTheEndpoint) {
  world.fake.set_handler([](const HttpRequest&) -> Result<HttpResponse> {
    return fail(ErrorKind::connection, "ConnectFailed", "connection refused");
  });
  StsClient sts(world.context(), StsClientConfig{"eu-west-1", "", {}, 1});
  auto result = sts.assume_role(caller_keys(), demo_params());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::connection);
  EXPECT_NE(result.error().message.find("https://sts.eu-west-1.amazonaws.com could not be reached"),
            std::string::npos)
      << result.error().message;
}

TEST_F(StsClientTest, GetCallerIdentity) {
  world.fake.set_handler([](const HttpRequest&) {
    return response(200,
                    "<GetCallerIdentityResponse><GetCallerIdentityResult>"
                    "<Arn>arn:aws:iam::123456789012:user/Alice</Arn><UserId>AID</UserId>"
                    "<Account>123456789012</Account></GetCallerIdentityResult>"
                    "</GetCallerIdentityResponse>");
  });
  StsClient sts(world.context(), StsClientConfig{"ap-south-1"});
  auto identity = sts.get_caller_identity(caller_keys());
  ASSERT_TRUE(identity) << identity.error().message;
  EXPECT_EQ(identity->arn, "arn:aws:iam::123456789012:user/Alice");
  EXPECT_EQ(world.fake.requests()[0].body, "Action=GetCallerIdentity&Version=2011-06-15");
}

TEST_F(StsClientTest, NoTransportIsAClearError) {
  CredentialsContext context = world.context();
  context.transport = nullptr;
  StsClient sts(context, StsClientConfig{"eu-west-1"});
  auto result = sts.assume_role(caller_keys(), demo_params());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "NoTransport");
}

}  // namespace
}  // namespace smp::aws
