#include "aws/credentials_cache.hpp"

#include <gtest/gtest.h>

#include <set>

#include "credentials_test_support.hpp"

namespace smp::aws {
namespace {

using namespace testing;
using namespace std::chrono_literals;

CredentialsSpec keys(std::string key, std::string secret, std::string token = {}) {
  CredentialsSpec spec;
  spec.access_key_id = std::move(key);
  spec.secret_access_key = std::move(secret);
  spec.session_token = std::move(token);
  spec.region = "us-east-1";
  return spec;
}

TEST(CredentialsCache, SameIdentitySharesTheProvider) {
  World world;
  CredentialsCache cache(world.clock);
  auto a = cache.get_or_build(keys("AKIDA", kSecretKey), world.context());
  auto b = cache.get_or_build(keys("AKIDA", kSecretKey), world.context());
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->provider.get(), b->provider.get());
  EXPECT_EQ(cache.size(), 1u);
}

TEST(CredentialsCache, EveryIdentityFieldSeparatesEntries) {
  World world;
  CredentialsCache cache(world.clock);
  CredentialsSpec base = keys("AKIDA", kSecretKey, kSessionToken);
  base.role_arn = "arn:aws:iam::123456789012:role/demo";
  base.external_id = "ext-1";
  base.role_session_name = "s1";
  base.duration_seconds = 3600;
  base.sts_endpoint_url = "https://sts.example";
  base.model_type = "llm";
  const std::string base_key = cache.key_for(base);

  std::vector<std::function<void(CredentialsSpec&)>> changes = {
      [](CredentialsSpec& s) { s.access_key_id = "AKIDB"; },
      [](CredentialsSpec& s) { s.secret_access_key = "other-secret"; },
      [](CredentialsSpec& s) { s.session_token = "other-token"; },
      [](CredentialsSpec& s) { s.session_token.clear(); },
      [](CredentialsSpec& s) { s.profile = "dev"; },
      [](CredentialsSpec& s) { s.role_arn = "arn:aws:iam::123456789012:role/other"; },
      [](CredentialsSpec& s) { s.external_id = "ext-2"; },
      [](CredentialsSpec& s) { s.role_session_name = "s2"; },
      [](CredentialsSpec& s) { s.duration_seconds = 900; },
      [](CredentialsSpec& s) { s.region = "eu-west-1"; },
      [](CredentialsSpec& s) { s.sts_endpoint_url = "https://other"; },
      [](CredentialsSpec& s) { s.model_type = "embedding"; },
  };
  std::set<std::string> seen{base_key};
  for (const auto& change : changes) {
    CredentialsSpec spec = base;
    change(spec);
    EXPECT_TRUE(seen.insert(cache.key_for(spec)).second) << cache.key_for(spec);
  }
  // Field boundaries cannot be forged by moving characters between fields.
  CredentialsSpec left = base, right = base;
  left.role_session_name = "ab";
  left.model_type = "c";
  right.role_session_name = "a";
  right.model_type = "bc";
  EXPECT_NE(cache.key_for(left), cache.key_for(right));
}

TEST(CredentialsCache, KeysNeverContainSecretsAndDifferPerCache) {
  World world;
  CredentialsCache one(world.clock), two(world.clock);
  const CredentialsSpec spec = keys("AKIDA", kSecretKey, kSessionToken);
  const std::string key = one.key_for(spec);
  EXPECT_EQ(key.find(kSecretKey), std::string::npos);
  EXPECT_EQ(key.find(kSessionToken), std::string::npos);
  EXPECT_NE(key.find("AKIDA"), std::string::npos);
  EXPECT_EQ(key, one.key_for(spec));
  EXPECT_NE(key, two.key_for(spec));  // per-cache HMAC key: hashes are not comparable across
}

TEST(CredentialsCache, TwoTenantsWithDifferentSecretsGetTheirOwnCredentials) {
  World world;
  CredentialsCache cache(world.clock);
  auto tenant_a = cache.get_or_build(keys("AKIDSAME", "secret-a"), world.context());
  auto tenant_b = cache.get_or_build(keys("AKIDSAME", "secret-b"), world.context());
  ASSERT_TRUE(tenant_a && tenant_b);
  EXPECT_NE(tenant_a->provider.get(), tenant_b->provider.get());
  EXPECT_EQ((*tenant_a->provider->get())->secret_access_key, "secret-a");
  EXPECT_EQ((*tenant_b->provider->get())->secret_access_key, "secret-b");
}

TEST(CredentialsCache, BoundedByCapacityAndIdleTime) {
  World world;
  CredentialsCache cache(world.clock, 2, 1h);
  auto a = cache.get_or_build(keys("AKIDA", "s"), world.context());
  ASSERT_TRUE(cache.get_or_build(keys("AKIDB", "s"), world.context()));
  ASSERT_TRUE(cache.get_or_build(keys("AKIDA", "s"), world.context()));  // A is now most recent
  ASSERT_TRUE(cache.get_or_build(keys("AKIDC", "s"), world.context()));  // evicts B
  EXPECT_EQ(cache.size(), 2u);
  auto a_again = cache.get_or_build(keys("AKIDA", "s"), world.context());
  EXPECT_EQ(a->provider.get(), a_again->provider.get());

  world.clock.advance(2h);
  auto fresh = cache.get_or_build(keys("AKIDA", "s"), world.context());
  EXPECT_NE(a->provider.get(), fresh->provider.get());
  EXPECT_EQ(cache.size(), 1u);
}

TEST(CredentialsCache, FailedBuildsAreNotCached) {
  World world;
  CredentialsCache cache(world.clock);
  CredentialsSpec spec = keys("AKIDA", "s");
  spec.role_arn = "arn:aws:iam::1:role/bad";
  auto result = cache.get_or_build(spec, world.context());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "InvalidRoleArn");
  EXPECT_EQ(cache.size(), 0u);
}

TEST(CredentialsSpec, BuildsEachShape) {
  World world;
  TempDir home;
  world.env.set("HOME", home.str());
  world.env.set("AWS_EC2_METADATA_DISABLED", "true");
  world.fake.set_handler([](const HttpRequest&) {
    return response(200, sts_credentials_xml("AssumeRole", "ASIAROLE", kAssumedSecret,
                                             kAssumedToken, "2024-01-15T13:00:00Z"));
  });

  auto half = build_credentials(keys("AKIDA", ""), world.context());
  ASSERT_FALSE(half);
  EXPECT_EQ(half.error().code, "PartialCredentials");

  CredentialsSpec ext_only;
  ext_only.external_id = "ext-1";
  auto orphan = build_credentials(ext_only, world.context());
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().code, "ExternalIdWithoutRole");

  auto chain = build_credentials(CredentialsSpec{}, world.context());
  ASSERT_TRUE(chain);
  ASSERT_NE(chain->chain, nullptr);
  EXPECT_EQ(chain->provider->get().error().code, "NoCredentials");

  CredentialsSpec role = keys("AKIDA", kSecretKey);
  role.role_arn = "arn:aws:iam::123456789012:role/demo";
  role.external_id = "ext-1";
  role.model_type = "embedding";
  role.region = "eu-west-1";
  auto assumed = build_credentials(role, world.context());
  ASSERT_TRUE(assumed) << assumed.error().message;
  EXPECT_EQ(assumed->chain, nullptr);
  EXPECT_EQ((*assumed->provider->get())->access_key_id, "ASIAROLE");
  const HttpRequest sent = world.fake.requests().at(0);
  EXPECT_EQ(sent.url, "https://sts.eu-west-1.amazonaws.com/");
  EXPECT_NE(
      sent.body.find("RoleSessionName=sagemaker-provider-embedding-1705320000&ExternalId=ext-1"),
      std::string::npos)
      << sent.body;

  home.write(".aws/config",
             "[profile dev]\naws_access_key_id = AKIDDEV\n"
             "aws_secret_access_key = s\n");
  CredentialsSpec profile;
  profile.profile = "dev";
  auto from_profile = build_credentials(profile, world.context());
  ASSERT_TRUE(from_profile);
  EXPECT_EQ((*from_profile->provider->get())->access_key_id, "AKIDDEV");
}

}  // namespace
}  // namespace smp::aws
