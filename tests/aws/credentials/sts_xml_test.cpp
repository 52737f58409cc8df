#include "aws/sts_xml.hpp"

#include <gtest/gtest.h>

#include "credentials_test_support.hpp"

namespace smp::aws {
namespace {

using namespace testing;

TEST(StsXml, ParsesAssumeRoleResponse) {
  auto result = parse_sts_credentials_response(
      sts_credentials_xml("AssumeRole", "ASIAEXAMPLE12345678", kAssumedSecret, kAssumedToken,
                          "2011-07-15T23:28:33.359Z"),
      "AssumeRole");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->credentials.access_key_id, "ASIAEXAMPLE12345678");
  EXPECT_EQ(result->credentials.secret_access_key, kAssumedSecret);
  EXPECT_EQ(result->credentials.session_token, kAssumedToken);
  EXPECT_EQ(result->credentials.expiration, parse_iso8601_time("2011-07-15T23:28:33.359Z"));
  EXPECT_EQ(result->credentials.account_id, "123456789012");
  EXPECT_EQ(result->assumed_role_arn, "arn:aws:sts::123456789012:assumed-role/demo/Bob");
  EXPECT_EQ(result->assumed_role_id, "ARO123EXAMPLE123:Bob");
  EXPECT_EQ(result->source_identity, "alice");
  EXPECT_EQ(result->request_id, "c6104cbe-af31-11e0-8154-cbc7ccf896c7");
}

TEST(StsXml, ToleratesPrefixesCaseWhitespaceAndCdata) {
  const std::string xml =
      "<?xml version=\"1.0\"?>\n"
      "<sts:AssumeRoleWithWebIdentityResponse "
      "xmlns:sts=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
      "<sts:AssumeRoleWithWebIdentityResult>"
      "<sts:SubjectFromWebIdentityToken>system:serviceaccount:ns:sa</"
      "sts:SubjectFromWebIdentityToken>"
      "<sts:Audience>sts.amazonaws.com</sts:Audience>"
      "<sts:Provider>oidc.eks.us-west-2.amazonaws.com/id/X</sts:Provider>"
      "<sts:credentials>\n  <accesskeyid>\n ASIAWEB \n</accesskeyid>"
      "<SecretAccessKey><![CDATA[sec]]>ret</SecretAccessKey>"
      "<SessionToken>tok</SessionToken><Expiration>2024-01-15T13:00:00Z</Expiration>"
      "</sts:credentials></sts:AssumeRoleWithWebIdentityResult>"
      "</sts:AssumeRoleWithWebIdentityResponse>";
  auto result = parse_sts_credentials_response(xml, "AssumeRoleWithWebIdentity");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->credentials.access_key_id, "ASIAWEB");
  EXPECT_EQ(result->credentials.secret_access_key, "secret");
  EXPECT_EQ(result->subject_from_web_identity_token, "system:serviceaccount:ns:sa");
  EXPECT_EQ(result->audience, "sts.amazonaws.com");
  EXPECT_EQ(result->provider, "oidc.eks.us-west-2.amazonaws.com/id/X");
  EXPECT_EQ(result->credentials.account_id, "");  // no AssumedRoleUser in this body
}

TEST(StsXml, MissingPiecesAreProtocolErrorsWithoutValues) {
  struct Case {
    std::string xml;
    const char* says;
  };
  const std::string good = sts_credentials_xml("AssumeRole", "ASIA1", kAssumedSecret, kAssumedToken,
                                               "2024-01-15T13:00:00Z");
  auto without = [&](const std::string& element) {
    std::string xml = good;
    const size_t open = xml.find("<" + element + ">");
    const size_t close = xml.find("</" + element + ">") + element.size() + 3;
    return xml.erase(open, close - open);
  };
  for (const Case& c : {
           Case{"", "not valid XML"},
           Case{"<AssumeRoleResponse><AssumeRoleResult>", "not valid XML"},
           Case{"<Other/>", "root element <Other>, expected <AssumeRoleResponse>"},
           Case{"<AssumeRoleResponse/>", "no <AssumeRoleResult>"},
           Case{"<AssumeRoleResponse><AssumeRoleResult/></AssumeRoleResponse>", "no <Credentials>"},
           Case{without("SessionToken"), "no SessionToken"},
           Case{without("SecretAccessKey"), "no SecretAccessKey"},
           Case{without("Expiration"), "no Expiration"},
           Case{std::string(good).replace(good.find("2024-01-15T13"), 4, "20x4"),
                "unreadable Expiration"},
       }) {
    auto result = parse_sts_credentials_response(c.xml, "AssumeRole");
    ASSERT_FALSE(result) << c.xml;
    EXPECT_EQ(result.error().kind, ErrorKind::protocol);
    EXPECT_NE(result.error().message.find(c.says), std::string::npos) << result.error().message;
    const std::string text = render(result.error());
    EXPECT_EQ(text.find(kAssumedSecret), std::string::npos);
    EXPECT_EQ(text.find(kAssumedToken), std::string::npos);
  }
  EXPECT_FALSE(
      parse_sts_credentials_response(std::string(kMaxStsResponseBytes + 1, ' '), "AssumeRole"));
}

TEST(StsXml, ParsesGetCallerIdentity) {
  auto identity = parse_caller_identity_response(
      "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
      "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/Alice</Arn>"
      "<UserId>AIDACKCEVSQ6C2EXAMPLE</UserId><Account>123456789012</Account>"
      "</GetCallerIdentityResult><ResponseMetadata><RequestId>01234567-89ab</RequestId>"
      "</ResponseMetadata></GetCallerIdentityResponse>");
  ASSERT_TRUE(identity) << identity.error().message;
  EXPECT_EQ(identity->arn, "arn:aws:iam::123456789012:user/Alice");
  EXPECT_EQ(identity->account, "123456789012");
  EXPECT_EQ(identity->user_id, "AIDACKCEVSQ6C2EXAMPLE");
  EXPECT_EQ(identity->request_id, "01234567-89ab");
  EXPECT_FALSE(parse_caller_identity_response(
      "<GetCallerIdentityResponse><GetCallerIdentityResult/></GetCallerIdentityResponse>"));
}

}  // namespace
}  // namespace smp::aws
