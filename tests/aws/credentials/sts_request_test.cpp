#include "aws/sts_request.hpp"

#include <gtest/gtest.h>

#include "aws/crypto.hpp"
#include "aws/sts_client.hpp"
#include "credentials_test_support.hpp"

namespace smp::aws {
namespace {

using testing::World;

TEST(StsRequest, FormEncodingIsQuotePlus) {
  EXPECT_EQ(form_url_encode("arn:aws:iam::123456789012:role/demo"),
            "arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo");
  EXPECT_EQ(form_url_encode("my session@x"), "my+session%40x");
  EXPECT_EQ(form_url_encode("externalId123_+=,.@:\\/-"), "externalId123_%2B%3D%2C.%40%3A%5C%2F-");
  EXPECT_EQ(form_url_encode("~é"), "~%C3%A9");
}

TEST(StsRequest, AssumeRoleBodyIsExact) {
  AssumeRoleParams params;
  params.role_arn = "arn:aws:iam::123456789012:role/demo";
  params.role_session_name = "sagemaker-provider-llm-1705320000";
  params.external_id = "ext-123/+=";
  params.duration_seconds = 3600;
  EXPECT_EQ(assume_role_form(params),
            "Action=AssumeRole&Version=2011-06-15"
            "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo"
            "&RoleSessionName=sagemaker-provider-llm-1705320000"
            "&ExternalId=ext-123%2F%2B%3D&DurationSeconds=3600");
  params.external_id.clear();
  params.duration_seconds.reset();
  EXPECT_EQ(assume_role_form(params),
            "Action=AssumeRole&Version=2011-06-15"
            "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo"
            "&RoleSessionName=sagemaker-provider-llm-1705320000");
}

TEST(StsRequest, WebIdentityAndCallerIdentityBodies) {
  WebIdentityParams params;
  params.role_arn = "arn:aws:iam::123456789012:role/irsa";
  params.role_session_name = "s1";
  params.web_identity_token = "a.b+c/d=";
  EXPECT_EQ(assume_role_with_web_identity_form(params),
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15"
            "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Firsa&RoleSessionName=s1"
            "&WebIdentityToken=a.b%2Bc%2Fd%3D");
  EXPECT_EQ(get_caller_identity_form(), "Action=GetCallerIdentity&Version=2011-06-15");
}

TEST(StsRequest, PostsToSlashWithFormContentType) {
  HttpRequest r = sts_form_request("https://sts.us-east-1.amazonaws.com", "x=1");
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.url, "https://sts.us-east-1.amazonaws.com/");
  EXPECT_EQ(r.headers.get("Content-Type"), "application/x-www-form-urlencoded; charset=utf-8");
  EXPECT_EQ(sts_form_request("http://127.0.0.1:9000/sts/", "").url, "http://127.0.0.1:9000/sts/");
}

// The verified botocore request of aws-wire.md §4.2: same body, time, keys and region must give
// the same body hash and signature.
TEST(StsRequest, SignedAssumeRoleMatchesBotocoreKnownAnswer) {
  World world;
  StsClient sts(world.context(), StsClientConfig{"us-east-1"});
  EXPECT_EQ(sts.endpoint_url(), "https://sts.us-east-1.amazonaws.com");
  Credentials caller;
  caller.access_key_id = "AKIDEXAMPLE";
  caller.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  const std::string body =
      "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo"
      "&RoleSessionName=my+session%40x&ExternalId=ext-123&DurationSeconds=3600"
      "&Tags.member.1.Key=Project&Tags.member.1.Value=Unicorn&Tags.member.2.Key=Team"
      "&Tags.member.2.Value=A+B&TransitiveTagKeys.member.1=Project&SourceIdentity=alice";
  ASSERT_EQ(body.size(), 320u);
  EXPECT_EQ(sha256_hex(body), "7743b04a4be52d91975fcdc5b319e48c716d9fade9efcbf802cb20f6ee97cea7");
  HttpRequest signed_request = sts.signed_request(body, caller);
  EXPECT_EQ(signed_request.headers.get("X-Amz-Date"), "20240115T120000Z");
  EXPECT_EQ(signed_request.headers.get("Authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240115/us-east-1/sts/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date, "
            "Signature=45226e66eef6375f318f7fb06b9538c4e9ed64cc668accaaf4c1116a46fe2b72");
}

TEST(StsRequest, EndpointFollowsRegionPartitionAndOverrides) {
  World world;
  EXPECT_EQ(StsClient(world.context(), {"cn-north-1"}).endpoint_url(),
            "https://sts.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(StsClient(world.context(), {"us-gov-west-1"}).endpoint_url(),
            "https://sts.us-gov-west-1.amazonaws.com");
  EXPECT_EQ(StsClient(world.context(), {""}).endpoint_url(), "https://sts.us-east-1.amazonaws.com");
  world.env.set("AWS_ENDPOINT_URL", "http://global.example");
  EXPECT_EQ(StsClient(world.context(), {"eu-west-1"}).endpoint_url(), "http://global.example");
  world.env.set("AWS_ENDPOINT_URL_STS", "http://sts.example");
  EXPECT_EQ(StsClient(world.context(), {"eu-west-1"}).endpoint_url(), "http://sts.example");
  world.env.unset("AWS_ENDPOINT_URL_STS");
  world.env.unset("AWS_ENDPOINT_URL");
  StsClient global(world.context(), {"aws-global"});
  EXPECT_EQ(global.endpoint_url(), "https://sts.amazonaws.com");
  Credentials caller{"AKIDEXAMPLE", "secret"};
  EXPECT_NE(std::string(global.signed_request("", caller).headers.get("Authorization").value_or(""))
                .find("/us-east-1/sts/aws4_request"),
            std::string::npos);
  StsClientConfig explicit_endpoint{"eu-west-1", "https://vpce-1.sts.eu-west-1.vpce.amazonaws.com"};
  EXPECT_EQ(StsClient(world.context(), explicit_endpoint).endpoint_url(),
            "https://vpce-1.sts.eu-west-1.vpce.amazonaws.com");
}

TEST(StsRequest, MalformedRegionFailsEachCallWithoutSending) {
  World world;
  StsClient sts(world.context(), {"US-EAST-1"});
  auto identity = sts.get_caller_identity(Credentials{"AKIDEXAMPLE", "secret"});
  ASSERT_FALSE(identity);
  EXPECT_EQ(identity.error().kind, ErrorKind::invalid_argument);
  EXPECT_TRUE(identity.error().message.starts_with("STS GetCallerIdentity: "))
      << identity.error().message;
  EXPECT_EQ(world.fake.count(), 0u);
}

}  // namespace
}  // namespace smp::aws
