// SigV4 verification of every request and the IAM-like allow lists, with each protocol's own
// error words (aws-wire.md §1.7.2, §4.5).
#include "emulator/emulator_test_support.hpp"

namespace smp::emulator::testing {
namespace {

class AuthTest : public EmulatorTest {
 protected:
  void SetUp() override {
    auto config = base_config();
    config.endpoints.push_back(echo_endpoint("open"));
    config.endpoints.push_back(echo_endpoint("secret-model"));
    IdentityConfig limited;
    limited.name = "limited";
    limited.access_key_id = "AKIALIMITED";
    limited.secret_access_key = "limited-secret";
    limited.policy = Policy::from_statements({AllowStatement{
        {"sagemaker:InvokeEndpoint"}, {"open", "arn:aws:sagemaker:*:*:endpoint/op*"}}});
    config.identities.push_back(limited);
    start(config);
  }
  HttpResponse invoke(const std::string& endpoint, const aws::Credentials& credentials,
                      const SignOptions& options = {}) {
    return call("POST", "/endpoints/" + endpoint + "/invocations", "{}", {}, credentials, options);
  }
  static aws::Credentials creds(std::string key, std::string secret, std::string token = {}) {
    aws::Credentials c;
    c.access_key_id = std::move(key);
    c.secret_access_key = std::move(secret);
    c.session_token = std::move(token);
    return c;
  }
  static std::string error_type(const HttpResponse& r) {
    const auto type = r.headers.get("x-amzn-ErrorType");
    return type ? std::string(type->substr(0, type->find(':'))) : std::string{};
  }
};

TEST_F(AuthTest, UnsignedRuntimeRequestIsMissingAuthenticationToken) {
  const auto response = send(make_request("POST", "/endpoints/open/invocations", "{}"));
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(response.headers.get("x-amzn-ErrorType"),
            "MissingAuthenticationTokenException:http://internal.amazon.com/coral/"
            "com.amazon.coral.service/");
  EXPECT_EQ(json_body(response).at("message").as_string(), "Missing Authentication Token");
}

TEST_F(AuthTest, WrongSecretIsInvalidSignatureException) {
  const auto response = invoke("open", creds("test", "not-the-secret"));
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(error_type(response), "InvalidSignatureException");
  EXPECT_EQ(json_body(response).at("message").as_string(), kSignatureMismatchMessage);
}

TEST_F(AuthTest, UnknownKeyIsUnrecognizedClient) {
  const auto response = invoke("open", creds("AKIANOBODY", "x"));
  EXPECT_EQ(error_type(response), "UnrecognizedClientException");
  EXPECT_EQ(json_body(response).at("message").as_string(),
            "The security token included in the request is invalid.");
}

TEST_F(AuthTest, ClockSkewOverFiveMinutesIsSignatureExpired) {
  const auto response =
      invoke("open", test_credentials(), {.time = clock_.now() - std::chrono::minutes(6)});
  EXPECT_EQ(error_type(response), "InvalidSignatureException");
  const std::string message(json_body(response).at("message").as_string());
  EXPECT_TRUE(message.starts_with("Signature expired: ")) << message;
  // Four minutes is within the allowed skew.
  EXPECT_EQ(
      invoke("open", test_credentials(), {.time = clock_.now() - std::chrono::minutes(4)}).status,
      200);
}

TEST_F(AuthTest, LongTermKeyWithASessionTokenIsInvalid) {
  EXPECT_EQ(error_type(invoke("open", creds("test", "test", "made-up-token"))),
            "UnrecognizedClientException");
}

TEST_F(AuthTest, AllowListDeniesOtherEndpointsWithTheRealSentence) {
  const auto key = creds("AKIALIMITED", "limited-secret");
  EXPECT_EQ(invoke("open", key).status, 200);
  const auto response = invoke("secret-model", key);
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(error_type(response), "AccessDeniedException");
  EXPECT_EQ(json_body(response).at("Message").as_string(),
            "User: arn:aws:iam::000000000000:user/limited is not authorized to perform: "
            "sagemaker:InvokeEndpoint on resource: "
            "arn:aws:sagemaker:us-east-1:000000000000:endpoint/secret-model because no "
            "identity-based policy allows the sagemaker:InvokeEndpoint action");
  // Denied before existence is checked: no hint about which endpoints exist.
  EXPECT_EQ(error_type(invoke("no-such-endpoint", key)), "AccessDeniedException");
}

TEST_F(AuthTest, AllowListAppliesToOtherServicesToo) {
  const auto key = creds("AKIALIMITED", "limited-secret");
  const auto response = sts(
      "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A000000000000%3Arole%2Fdemo"
      "&RoleSessionName=s1",
      key);
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(xml_text(response.body, "Code"), "AccessDenied");
}

TEST_F(AuthTest, MalformedAuthorizationIsIncompleteSignature) {
  auto request = make_request("POST", "/endpoints/open/invocations", "{}");
  request.headers.add("Authorization", "AWS4-HMAC-SHA256 Credential=test/20240115/us-east-1");
  request.headers.add("X-Amz-Date", "20240115T120000Z");
  const auto response = send(request);
  EXPECT_EQ(response.status / 100, 4);
  EXPECT_EQ(error_type(response), "IncompleteSignatureException");
}

TEST_F(AuthTest, TamperedBodyFailsTheSignature) {
  auto request = make_request("POST", "/endpoints/open/invocations", R"({"a":1})");
  sign(request, test_credentials());
  request.body = R"({"a":2})";
  EXPECT_EQ(error_type(send(request)), "InvalidSignatureException");
}

TEST_F(AuthTest, RequestLogNeverHoldsSecrets) {
  const auto session = sts(
      "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A000000000000%3Arole%2Fdemo"
      "&RoleSessionName=s1");
  ASSERT_EQ(session.status, 200);
  const auto temporary =
      creds(xml_text(session.body, "AccessKeyId"), xml_text(session.body, "SecretAccessKey"),
            xml_text(session.body, "SessionToken"));
  ASSERT_EQ(invoke("open", temporary).status, 200);
  const auto log = send(make_request("GET", "/_emulator/requests"));
  ASSERT_EQ(log.status, 200);
  EXPECT_EQ(log.body.find(temporary.secret_access_key), std::string::npos);
  EXPECT_EQ(log.body.find(temporary.session_token), std::string::npos);
  EXPECT_EQ(log.body.find("Signature="), std::string::npos);
  EXPECT_NE(log.body.find("<redacted>"), std::string::npos);
}

}  // namespace
}  // namespace smp::emulator::testing
