#include "aws/providers/imds_provider.hpp"

#include <gtest/gtest.h>

#include "credentials_test_support.hpp"

namespace smp::aws {
namespace {

using namespace testing;
using namespace std::chrono_literals;

std::string imds_json(const std::string& expiration = "2024-01-15T18:00:00Z") {
  return "{\"Code\":\"Success\",\"LastUpdated\":\"2024-01-15T11:50:00Z\",\"Type\":\"AWS-HMAC\","
         "\"AccessKeyId\":\"ASIAIMDS\",\"SecretAccessKey\":\"" +
         std::string(kAssumedSecret) + "\",\"Token\":\"" + kAssumedToken + "\",\"Expiration\":\"" +
         expiration + "\"}";
}

// A small IMDS: the token PUT, the role listing and the role's credentials.
FakeTransport::Handler imds(std::string expiration = "2024-01-15T18:00:00Z",
                            int token_status = 200) {
  return [=](const HttpRequest& r) -> Result<HttpResponse> {
    if (r.method == "PUT" && r.url.ends_with("/latest/api/token")) {
      if (r.headers.get("x-aws-ec2-metadata-token-ttl-seconds") != "21600")
        return response(400, "");
      return response(token_status, token_status == 200 ? "imds-token-1" : "");
    }
    if (r.url.ends_with("/latest/meta-data/iam/security-credentials/")) {
      return response(200, "ec2-role\n");
    }
    if (r.url.ends_with("/latest/meta-data/iam/security-credentials/ec2-role")) {
      return response(200, imds_json(expiration));
    }
    return response(404, "");
  };
}

TEST(ImdsConfig, FromEnvironment) {
  MapEnvironment env;
  ImdsConfig config = imds_config_from_environment(env);
  EXPECT_EQ(config.endpoint, "http://169.254.169.254");
  EXPECT_EQ(config.timeout, 1000ms);
  EXPECT_EQ(config.attempts, 1);
  EXPECT_FALSE(config.disabled);
  env.set("AWS_EC2_METADATA_DISABLED", "TRUE");
  env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6");
  env.set("AWS_METADATA_SERVICE_TIMEOUT", "2.5");
  env.set("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "3");
  env.set("AWS_EC2_METADATA_V1_DISABLED", "true");
  config = imds_config_from_environment(env);
  EXPECT_TRUE(config.disabled);
  EXPECT_EQ(config.endpoint, "http://[fd00:ec2::254]");
  EXPECT_EQ(config.timeout, 2500ms);
  EXPECT_EQ(config.attempts, 3);
  EXPECT_FALSE(config.v1_fallback);
  env.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1338/");
  env.set("AWS_METADATA_SERVICE_TIMEOUT", "soon");
  config = imds_config_from_environment(env);
  EXPECT_EQ(config.endpoint, "http://127.0.0.1:1338");
  EXPECT_EQ(config.timeout, 1000ms);
}

TEST(ImdsProvider, TokenRoleThenCredentials) {
  World world;
  world.fake.set_handler(imds());
  ImdsProvider provider(ImdsConfig{}, world.context());
  auto credentials = provider.get();
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ((*credentials)->access_key_id, "ASIAIMDS");
  EXPECT_EQ((*credentials)->source, "EC2 instance metadata (role ec2-role)");
  EXPECT_EQ((*credentials)->expiration, parse_iso8601_time("2024-01-15T18:00:00Z"));
  const auto requests = world.fake.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].method, "PUT");
  EXPECT_EQ(requests[0].url, "http://169.254.169.254/latest/api/token");
  EXPECT_EQ(requests[1].url, "http://169.254.169.254/latest/meta-data/iam/security-credentials/");
  EXPECT_EQ(requests[1].headers.get("x-aws-ec2-metadata-token"), "imds-token-1");
  EXPECT_EQ(requests[2].headers.get("x-aws-ec2-metadata-token"), "imds-token-1");
  for (const auto& options : world.fake.options()) {
    EXPECT_EQ(options.connect_timeout, 1000ms);
    EXPECT_EQ(options.read_timeout, 1000ms);
  }
}

TEST(ImdsProvider, DisabledMakesNoCall) {
  World world;
  ImdsConfig config;
  config.disabled = true;
  auto result = ImdsProvider(config, world.context()).get();
  ASSERT_FALSE(result);
  EXPECT_TRUE(is_not_configured(result.error()));
  EXPECT_NE(result.error().message.find("AWS_EC2_METADATA_DISABLED"), std::string::npos);
  EXPECT_EQ(world.fake.count(), 0u);
}

TEST(ImdsProvider, NoAnswerMeansNotOnEc2) {
  World world;
  world.fake.set_handler([](const HttpRequest&) -> Result<HttpResponse> {
    return fail(ErrorKind::timeout, "ConnectTimeout", "connect timed out");
  });
  auto result = ImdsProvider(ImdsConfig{}, world.context()).get();
  ASSERT_FALSE(result);
  EXPECT_TRUE(is_not_configured(result.error()));
  EXPECT_EQ(world.fake.count(), 1u);
}

TEST(ImdsProvider, FallsBackToV1UnlessDisabled) {
  World world;
  world.fake.set_handler(imds("2024-01-15T18:00:00Z", 403));
  auto v1 = ImdsProvider(ImdsConfig{}, world.context()).get();
  ASSERT_TRUE(v1) << v1.error().message;
  EXPECT_FALSE(world.fake.requests()[1].headers.contains("x-aws-ec2-metadata-token"));

  ImdsConfig strict;
  strict.v1_fallback = false;
  auto refused = ImdsProvider(strict, world.context()).get();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "ImdsTokenUnavailable");
}

TEST(ImdsProvider, NoRoleAttachedIsNotConfigured) {
  World world;
  world.fake.set_handler([](const HttpRequest& r) {
    return r.method == "PUT" ? response(200, "tok") : response(404, "");
  });
  auto result = ImdsProvider(ImdsConfig{}, world.context()).get();
  ASSERT_FALSE(result);
  EXPECT_TRUE(is_not_configured(result.error()));
  EXPECT_NE(result.error().message.find("no IAM role attached"), std::string::npos);
}

TEST(ImdsProvider, ExpiredTokenIsRefetchedOnceOn401) {
  World world;
  int puts = 0;
  world.fake.set_handler([&](const HttpRequest& r) -> Result<HttpResponse> {
    if (r.method == "PUT") return response(200, "token-" + std::to_string(++puts));
    if (r.headers.get("x-aws-ec2-metadata-token") == "token-1") return response(401, "");
    return imds()(r);
  });
  auto credentials = ImdsProvider(ImdsConfig{}, world.context()).get();
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ(puts, 2);
}

TEST(ImdsProvider, ErrorCodeInTheDocumentAndRetries) {
  World world;
  int gets = 0;
  world.fake.set_handler([&](const HttpRequest& r) -> Result<HttpResponse> {
    if (r.method == "PUT") return response(200, "tok");
    if (r.url.ends_with("/")) return response(200, "ec2-role");
    if (++gets == 1) return response(500, "");
    return response(200, R"({"Code":"AssumeRoleUnauthorizedAccess","Message":"denied"})");
  });
  ImdsConfig config;
  config.attempts = 2;
  auto result = ImdsProvider(config, world.context()).get();
  ASSERT_FALSE(result);
  EXPECT_EQ(gets, 2);
  EXPECT_NE(result.error().message.find("Code \"AssumeRoleUnauthorizedAccess\": denied"),
            std::string::npos)
      << result.error().message;
}

TEST(ImdsProvider, StaticStabilityExtendsNearlyExpiredCredentials) {
  World world;
  world.fake.set_handler(imds("2024-01-15T12:05:00Z"));  // five minutes left
  auto credentials = ImdsProvider(ImdsConfig{}, world.context()).get();
  ASSERT_TRUE(credentials);
  const auto left = *(*credentials)->expiration - world.clock.now();
  EXPECT_GE(left, 15min + 120s);
  EXPECT_LE(left, 15min + 600s);
}

}  // namespace
}  // namespace smp::aws
