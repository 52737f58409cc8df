// STS over the Query protocol: AssumeRole with trust lists, ExternalId and session limits,
// credentials that really expire, web identity, GetCallerIdentity (aws-wire.md §4).
#include "emulator/emulator_test_support.hpp"

namespace smp::emulator::testing {
namespace {

constexpr const char* kDemoRole = "arn%3Aaws%3Aiam%3A%3A000000000000%3Arole%2Fdemo";
constexpr const char* kExternalRole = "arn%3Aaws%3Aiam%3A%3A000000000000%3Arole%2Fdemo-external";

std::string assume(const std::string& role, const std::string& extra = {}) {
  return "Action=AssumeRole&Version=2011-06-15&RoleArn=" + role + "&RoleSessionName=tester" + extra;
}

// A JWT-shaped token (unsigned: the emulator checks shape and issuer, not signatures).
std::string jwt(const std::string& claims) {
  auto b64url = [](const std::string& s) {
    static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < s.size(); i += 3) {
      const unsigned v = (static_cast<unsigned char>(s[i]) << 16) |
                         (static_cast<unsigned char>(s[i + 1]) << 8) |
                         static_cast<unsigned char>(s[i + 2]);
      for (int k = 18; k >= 0; k -= 6)
        out.push_back(table[(v >> k) & 63]);
    }
    if (i < s.size()) {
      unsigned v = static_cast<unsigned char>(s[i]) << 16;
      if (i + 1 < s.size()) v |= static_cast<unsigned char>(s[i + 1]) << 8;
      out.push_back(table[(v >> 18) & 63]);
      out.push_back(table[(v >> 12) & 63]);
      if (i + 1 < s.size()) out.push_back(table[(v >> 6) & 63]);
    }
    return out;
  };
  return b64url(R"({"alg":"RS256","typ":"JWT"})") + "." + b64url(claims) + ".c2lnbmF0dXJl";
}

aws::Credentials session_from(const HttpResponse& response) {
  aws::Credentials c;
  c.access_key_id = xml_text(response.body, "AccessKeyId");
  c.secret_access_key = xml_text(response.body, "SecretAccessKey");
  c.session_token = xml_text(response.body, "SessionToken");
  return c;
}

class StsTest : public EmulatorTest {
 protected:
  void SetUp() override {
    auto config = base_config();
    config.endpoints.push_back(echo_endpoint("open"));
    RoleConfig short_role;
    short_role.arn = "arn:aws:iam::000000000000:role/short";
    short_role.trust = {"test"};
    short_role.session_duration = std::chrono::seconds(5);
    short_role.policy =
        Policy::from_statements({AllowStatement{{"sagemaker:InvokeEndpoint"}, {"open"}}});
    config.roles.push_back(short_role);
    RoleConfig web;
    web.arn = "arn:aws:iam::000000000000:role/web";
    web.web_identity.providers = {"oidc.example.com"};
    web.web_identity.tokens = {"fixed-token-value"};
    config.roles.push_back(web);
    start(config);
  }
  HttpResponse invoke(const aws::Credentials& credentials) {
    return call("POST", "/endpoints/open/invocations", "{}", {}, credentials);
  }
  HttpResponse web_identity(const std::string& token, const std::string& role = "web") {
    Headers headers;
    headers.add("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
    return send(make_request(
        "POST", "/",
        "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A"
        "000000000000%3Arole%2F" +
            role + "&RoleSessionName=pod&WebIdentityToken=" + token,
        headers));
  }
};

TEST_F(StsTest, GetCallerIdentityNamesTheUser) {
  const auto response = sts("Action=GetCallerIdentity&Version=2011-06-15");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_NE(response.body.find(
                "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"),
            std::string::npos);
  EXPECT_EQ(xml_text(response.body, "Arn"), "arn:aws:iam::000000000000:user/test");
  EXPECT_EQ(xml_text(response.body, "Account"), "000000000000");
  EXPECT_TRUE(xml_text(response.body, "UserId").starts_with("AIDA"));
  EXPECT_EQ(xml_text(response.body, "RequestId"), response.headers.get("x-amzn-RequestId"));
}

TEST_F(StsTest, AssumeRoleIssuesWorkingTemporaryCredentials) {
  const auto response = sts(assume(kDemoRole));
  ASSERT_EQ(response.status, 200) << response.body;
  const auto session = session_from(response);
  EXPECT_TRUE(session.access_key_id.starts_with("ASIA"));
  EXPECT_EQ(session.access_key_id.size(), 20u);
  EXPECT_EQ(session.secret_access_key.size(), 40u);
  EXPECT_FALSE(session.session_token.empty());
  EXPECT_EQ(xml_text(response.body, "Arn"), "arn:aws:sts::000000000000:assumed-role/demo/tester");
  EXPECT_TRUE(xml_text(response.body, "AssumedRoleId").ends_with(":tester"));
  EXPECT_EQ(invoke(session).status, 200);

  const auto who = sts("Action=GetCallerIdentity&Version=2011-06-15", session);
  EXPECT_EQ(xml_text(who.body, "Arn"), "arn:aws:sts::000000000000:assumed-role/demo/tester");
}

TEST_F(StsTest, TemporaryKeyWithoutItsTokenIsInvalid) {
  auto session = session_from(sts(assume(kDemoRole)));
  session.session_token.clear();
  const auto response = invoke(session);
  EXPECT_TRUE(response.headers.get("x-amzn-ErrorType")->starts_with("UnrecognizedClientException"));
  EXPECT_EQ(json_body(response).at("message").as_string(),
            "The security token included in the request is invalid.");
}

TEST_F(StsTest, IssuedCredentialsReallyExpire) {
  const auto response = sts(assume("arn%3Aaws%3Aiam%3A%3A000000000000%3Arole%2Fshort"));
  ASSERT_EQ(response.status, 200) << response.body;
  const auto session = session_from(response);
  EXPECT_EQ(invoke(session).status, 200);
  clock_.advance(std::chrono::seconds(6));
  const auto expired = invoke(session);
  EXPECT_EQ(expired.status, 403);
  EXPECT_TRUE(expired.headers.get("x-amzn-ErrorType")->starts_with("ExpiredTokenException"));
  EXPECT_EQ(json_body(expired).at("message").as_string(),
            "The security token included in the request is expired");
  // STS words it its own way.
  const auto sts_expired = sts("Action=GetCallerIdentity&Version=2011-06-15", session);
  EXPECT_EQ(xml_text(sts_expired.body, "Code"), "ExpiredToken");
}

TEST_F(StsTest, ExternalIdIsRequiredWhenTheRoleSaysSo) {
  const std::string denied =
      "User: arn:aws:iam::000000000000:user/test is not authorized to perform: sts:AssumeRole "
      "on resource: arn:aws:iam::000000000000:role/demo-external";
  auto response = sts(assume(kExternalRole));
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(xml_text(response.body, "Type"), "Sender");
  EXPECT_EQ(xml_text(response.body, "Code"), "AccessDenied");
  EXPECT_EQ(xml_text(response.body, "Message"), denied);
  response = sts(assume(kExternalRole, "&ExternalId=wrong-id"));
  EXPECT_EQ(xml_text(response.body, "Message"), denied);
  response = sts(assume(kExternalRole, "&ExternalId=demo-external-id"));
  EXPECT_EQ(response.status, 200) << response.body;
}

TEST_F(StsTest, UntrustedCallerAndUnknownRoleAreDenied) {
  EXPECT_EQ(xml_text(sts(assume("arn%3Aaws%3Aiam%3A%3A000000000000%3Arole%2Fweb")).body, "Code"),
            "AccessDenied");
  EXPECT_EQ(xml_text(sts(assume("arn%3Aaws%3Aiam%3A%3A000000000000%3Arole%2Fnope")).body, "Code"),
            "AccessDenied");
}

TEST_F(StsTest, DurationBeyondTheRoleMaximumIsAValidationError) {
  const auto response = sts(assume(kDemoRole, "&DurationSeconds=7200"));
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(xml_text(response.body, "Code"), "ValidationError");
  EXPECT_EQ(xml_text(response.body, "Message"),
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
  EXPECT_EQ(xml_text(sts(assume(kDemoRole, "&DurationSeconds=60")).body, "Message"),
            "1 validation error detected: Value '60' at 'durationSeconds' failed to satisfy "
            "constraint: Member must have value greater than or equal to 900");
}

TEST_F(StsTest, RoleChainingIsCappedAtOneHour) {
  const auto session = session_from(sts(assume(kDemoRole)));
  const auto response = sts(assume(kDemoRole, "&DurationSeconds=3601"), session);
  EXPECT_EQ(xml_text(response.body, "Message"),
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by "
            "role chaining.");
  EXPECT_EQ(sts(assume(kDemoRole, "&DurationSeconds=3600"), session).status, 200);
}

TEST_F(StsTest, RoleSessionNameIsValidated) {
  const auto response =
      sts("Action=AssumeRole&Version=2011-06-15&RoleArn=" + std::string(kDemoRole) +
          "&RoleSessionName=has+space");
  EXPECT_EQ(xml_text(response.body, "Message"),
            "1 validation error detected: Value 'has space' at 'roleSessionName' failed to "
            "satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
  EXPECT_EQ(
      xml_text(sts("Action=AssumeRole&Version=2011-06-15&RoleArn=" + std::string(kDemoRole)).body,
               "Message"),
      "1 validation error detected: Value null at 'roleSessionName' failed to satisfy "
      "constraint: Member must not be null");
}

TEST_F(StsTest, SessionsActWithTheRolesAllowList) {
  const auto session =
      session_from(sts(assume("arn%3Aaws%3Aiam%3A%3A000000000000%3Arole%2Fshort")));
  EXPECT_EQ(invoke(session).status, 200);
  const auto denied = call("POST", "/endpoints/other/invocations", "{}", {}, session);
  EXPECT_TRUE(denied.headers.get("x-amzn-ErrorType")->starts_with("AccessDeniedException"));
  EXPECT_NE(json_body(denied).at("Message").as_string().find(
                "arn:aws:sts::000000000000:assumed-role/short/tester"),
            boost::json::string::npos);
}

TEST_F(StsTest, UnsignedCallsOtherThanWebIdentityAreRefused) {
  Headers headers;
  headers.add("Content-Type", "application/x-www-form-urlencoded");
  const auto response =
      send(make_request("POST", "/", "Action=GetCallerIdentity&Version=2011-06-15", headers));
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(xml_text(response.body, "Code"), "MissingAuthenticationToken");
}

TEST_F(StsTest, WebIdentityAcceptsConfiguredTokensAndTrustedIssuers) {
  auto response = web_identity("fixed-token-value");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_TRUE(xml_text(response.body, "AccessKeyId").starts_with("ASIA"));
  EXPECT_EQ(xml_text(response.body, "Arn"), "arn:aws:sts::000000000000:assumed-role/web/pod");

  response = web_identity(jwt(
      R"({"iss":"https://oidc.example.com","sub":"system:serviceaccount:ns:sa","aud":"sts.amazonaws.com"})"));
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(xml_text(response.body, "SubjectFromWebIdentityToken"), "system:serviceaccount:ns:sa");
  EXPECT_EQ(xml_text(response.body, "Provider"), "oidc.example.com");
  EXPECT_EQ(xml_text(response.body, "Audience"), "sts.amazonaws.com");

  response = web_identity(jwt(R"({"iss":"https://evil.example.net","sub":"x"})"));
  EXPECT_EQ(xml_text(response.body, "Code"), "InvalidIdentityToken");
  response = web_identity("not-a-jwt");
  EXPECT_EQ(xml_text(response.body, "Code"), "InvalidIdentityToken");
  response = web_identity("fixed-token-value", "demo-external");
  EXPECT_EQ(xml_text(response.body, "Code"), "AccessDenied");
}

TEST_F(StsTest, ExpiredWebIdentityTokenIsRejected) {
  const auto response = web_identity(jwt(R"({"iss":"oidc.example.com","sub":"x","exp":1000})"));
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(xml_text(response.body, "Code"), "ExpiredTokenException");
}

TEST_F(StsTest, UnknownActionIsInvalidAction) {
  const auto response = sts("Action=GetSessionToken&Version=2011-06-15");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(xml_text(response.body, "Code"), "InvalidAction");
}

}  // namespace
}  // namespace smp::emulator::testing
