#include "aws/providers/web_identity_provider.hpp"

#include <gtest/gtest.h>

#include "credentials_test_support.hpp"

namespace smp::aws {
namespace {

using namespace testing;

std::string web_ok(const std::string& key = "ASIAWEB1") {
  return sts_credentials_xml("AssumeRoleWithWebIdentity", key, kAssumedSecret, kAssumedToken,
                             "2024-01-15T13:00:00Z",
                             "arn:aws:sts::123456789012:assumed-role/irsa/s");
}

TEST(WebIdentity, NotConfiguredWithoutTokenFileAndErrorWithoutRole) {
  MapEnvironment env;
  auto config = web_identity_config_from_environment(env);
  ASSERT_FALSE(config);
  EXPECT_TRUE(is_not_configured(config.error()));
  env.set("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token");
  config = web_identity_config_from_environment(env);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().code, "WebIdentityRoleMissing");
  EXPECT_NE(config.error().message.find("AWS_ROLE_ARN is not"), std::string::npos);
}

TEST(WebIdentity, ReadsTheTokenFileOnEveryFetchAndCallsStsUnsigned) {
  World world;
  TempDir dir;
  const std::string token_file = dir.write("token", std::string(kWebIdentityToken) + "\n");
  world.env.set("AWS_WEB_IDENTITY_TOKEN_FILE", token_file);
  world.env.set("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa");
  world.env.set("AWS_ROLE_SESSION_NAME", "pod-a");
  world.fake.set_handler([](const HttpRequest&) { return response(200, web_ok()); });

  auto config = web_identity_config_from_environment(world.env);
  ASSERT_TRUE(config);
  config->sts.region = "us-west-2";
  // Without the cache, to see one STS call per fetch.
  WebIdentityProvider provider(*config, "pod-a", world.context());
  auto credentials = provider.get();
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ((*credentials)->access_key_id, "ASIAWEB1");
  EXPECT_EQ((*credentials)->source, "web identity (environment)");

  dir.write("token", "rotated-token-value");
  ASSERT_TRUE(provider.get());
  const auto requests = world.fake.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].url, "https://sts.us-west-2.amazonaws.com/");
  EXPECT_EQ(requests[0].body,
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15"
            "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Firsa&RoleSessionName=pod-a"
            "&WebIdentityToken=" +
                form_url_encode(kWebIdentityToken));
  EXPECT_FALSE(requests[0].headers.contains("Authorization"));
  EXPECT_NE(requests[1].body.find("WebIdentityToken=rotated-token-value"), std::string::npos);
}

TEST(WebIdentity, MissingUnreadableOrEmptyTokenFileIsAClearError) {
  World world;
  TempDir dir;
  WebIdentityConfig config;
  config.role_arn = "arn:aws:iam::123456789012:role/irsa";
  config.token_file = (dir.path() / "absent").string();
  auto provider = make_web_identity_provider(config, world.context());
  ASSERT_TRUE(provider);
  auto missing = (*provider)->get();
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "WebIdentityTokenFileMissing");
  EXPECT_NE(missing.error().message.find(config.token_file + " does not exist"), std::string::npos);

  config.token_file = dir.str();  // a directory
  auto directory = (*make_web_identity_provider(config, world.context()))->get();
  ASSERT_FALSE(directory);
  EXPECT_EQ(directory.error().code, "CredentialFileUnreadable");

  config.token_file = dir.write("empty", "\n");
  auto empty = (*make_web_identity_provider(config, world.context()))->get();
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, "WebIdentityTokenInvalid");
  EXPECT_EQ(world.fake.count(), 0u);
  render(missing.error());
  render(directory.error());
  render(empty.error());
}

TEST(WebIdentity, StsRejectionsAreDiagnosedWithTheFile) {
  World world;
  TempDir dir;
  WebIdentityConfig config;
  config.role_arn = "arn:aws:iam::123456789012:role/irsa";
  config.token_file = dir.write("token", kWebIdentityToken);
  world.fake.set_handler([](const HttpRequest&) {
    return response(400, sts_error_xml("InvalidIdentityToken",
                                       "No OpenIDConnect provider found in your account"));
  });
  auto credentials = (*make_web_identity_provider(config, world.context()))->get();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().code, "InvalidIdentityToken");
  EXPECT_NE(credentials.error().message.find("from " + config.token_file), std::string::npos);
  EXPECT_NE(credentials.error().message.find("trusts this OIDC provider"), std::string::npos);
  render(credentials.error());

  world.fake.set_handler([](const HttpRequest&) {
    return response(400, sts_error_xml("ExpiredTokenException", "Token is expired"));
  });
  auto expired = (*make_web_identity_provider(config, world.context()))->get();
  ASSERT_FALSE(expired);
  EXPECT_NE(expired.error().message.find("re-read on every call"), std::string::npos);
  render(expired.error());
}

TEST(WebIdentity, ValidatesRoleArnFirst) {
  World world;
  WebIdentityConfig config;
  config.role_arn = "arn:aws:iam::123:role/irsa";
  config.token_file = "/x";
  auto provider = make_web_identity_provider(config, world.context());
  ASSERT_FALSE(provider);
  EXPECT_EQ(provider.error().code, "InvalidRoleArn");
}

}  // namespace
}  // namespace smp::aws
