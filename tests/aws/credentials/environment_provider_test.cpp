#include "aws/providers/environment_provider.hpp"

#include <gtest/gtest.h>

#include "aws/providers/static_provider.hpp"
#include "credentials_test_support.hpp"

namespace smp::aws {
namespace {

using namespace testing;

TEST(EnvironmentProvider, NotConfiguredWithoutKeyId) {
  MapEnvironment env;
  EnvironmentProvider provider(env);
  auto result = provider.get();
  ASSERT_FALSE(result);
  EXPECT_TRUE(is_not_configured(result.error()));
  EXPECT_NE(result.error().message.find("AWS_ACCESS_KEY_ID is not set"), std::string::npos);
  env.set("AWS_SECRET_ACCESS_KEY", kSecretKey);
  result = provider.get();
  ASSERT_FALSE(result);
  EXPECT_TRUE(is_not_configured(result.error()));
  EXPECT_NE(render(result.error()).find("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID"),
            std::string::npos);
}

TEST(EnvironmentProvider, KeyWithoutSecretIsAnError) {
  MapEnvironment env{{"AWS_ACCESS_KEY_ID", "AKIDENV"}};
  auto result = EnvironmentProvider(env).get();
  ASSERT_FALSE(result);
  EXPECT_FALSE(is_not_configured(result.error()));
  EXPECT_EQ(result.error().code, "PartialCredentials");
}

TEST(EnvironmentProvider, ReadsKeysTokenExpirationAndAccount) {
  MapEnvironment env{{"AWS_ACCESS_KEY_ID", "AKIDENV"},
                     {"AWS_SECRET_ACCESS_KEY", kSecretKey},
                     {"AWS_SESSION_TOKEN", kSessionToken},
                     {"AWS_CREDENTIAL_EXPIRATION", "2024-01-15T13:00:00Z"},
                     {"AWS_ACCOUNT_ID", "123456789012"}};
  EnvironmentProvider provider(env);
  auto result = provider.get();
  ASSERT_TRUE(result);
  const Credentials& c = **result;
  EXPECT_EQ(c.access_key_id, "AKIDENV");
  EXPECT_EQ(c.secret_access_key, kSecretKey);
  EXPECT_EQ(c.session_token, kSessionToken);
  EXPECT_EQ(c.expiration, parse_iso8601_time("2024-01-15T13:00:00Z"));
  EXPECT_EQ(c.account_id, "123456789012");
  EXPECT_EQ(c.source, "environment");
  // Same values: the same snapshot. Changed values: a new one.
  EXPECT_EQ(provider.get()->get(), result->get());
  env.set("AWS_SESSION_TOKEN", "other");
  EXPECT_NE(provider.get()->get(), result->get());
}

TEST(EnvironmentProvider, LegacySecurityTokenAndBadExpiration) {
  MapEnvironment env{{"AWS_ACCESS_KEY_ID", "AKIDENV"},
                     {"AWS_SECRET_ACCESS_KEY", kSecretKey},
                     {"AWS_SECURITY_TOKEN", kSessionToken}};
  EXPECT_EQ((*EnvironmentProvider(env).get())->session_token, kSessionToken);
  env.set("AWS_CREDENTIAL_EXPIRATION", "tomorrow");
  auto result = EnvironmentProvider(env).get();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "InvalidCredentialExpiration");
  render(result.error());
}

TEST(StaticProvider, HandsOutOneSnapshotAndRejectsHalfKeys) {
  auto provider = make_static_provider("AKIDSTATIC", kSecretKey, kSessionToken, "dify form");
  ASSERT_TRUE(provider);
  auto a = (*provider)->get();
  auto b = (*provider)->get();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->get(), b->get());
  EXPECT_EQ((*a)->source, "dify form");
  EXPECT_TRUE((*a)->temporary());
  auto half = make_static_provider("AKIDSTATIC", "");
  ASSERT_FALSE(half);
  EXPECT_EQ(half.error().code, "PartialCredentials");
  EXPECT_NE(render(half.error()).find("secret access key is empty"), std::string::npos);
  EXPECT_FALSE(make_static_provider("", kSecretKey));
}

}  // namespace
}  // namespace smp::aws
