#include "aws/providers/default_chain.hpp"

#include <gtest/gtest.h>

#include "credentials_test_support.hpp"

namespace smp::aws {
namespace {

using namespace testing;

// Every source of the chain can answer; the test switches them on one by one, from the last in
// the order to the first, and checks that the earliest configured one wins each time.
class DefaultChainTest : public ::testing::Test {
 protected:
  DefaultChainTest() {
    world.env.set("HOME", home.str());
    world.fake.set_handler([this](const HttpRequest& r) -> Result<HttpResponse> {
      if (r.url.starts_with("http://169.254.169.254")) {
        if (!imds_up) return fail(ErrorKind::timeout, "ConnectTimeout", "connect timed out");
        if (r.method == "PUT") return response(200, "tok");
        if (r.url.ends_with("/")) return response(200, "role");
        return response(200, json_keys("ASIAIMDS"));
      }
      if (r.url.starts_with("http://169.254.170.2")) return response(200, json_keys("ASIAECS"));
      if (r.body.find("AssumeRoleWithWebIdentity") != std::string::npos) {
        return response(
            200, sts_credentials_xml("AssumeRoleWithWebIdentity", "ASIAWEBIDENTITY", kAssumedSecret,
                                     kAssumedToken, "2024-01-15T13:00:00Z"));
      }
      return response(500, "unexpected");
    });
  }
  static std::string json_keys(const std::string& key) {
    return "{\"Code\":\"Success\",\"AccessKeyId\":\"" + key +
           "\",\"SecretAccessKey\":\"s\",\"Token\":\"t\",\"Expiration\":\"2024-01-15T18:00:00Z\"}";
  }
  std::pair<std::string, std::string> resolve(DefaultChainOptions options = {}) {
    DefaultChain chain = make_default_chain(world.context(), options);
    auto credentials = chain.provider->get();
    if (!credentials) return {"error: " + credentials.error().message, ""};
    return {(*credentials)->access_key_id, chain.chain->answered_by()};
  }

  World world;
  TempDir home;
  bool imds_up = true;
};

TEST_F(DefaultChainTest, OrderIsEnvWebIdentityProfileContainerImds) {
  EXPECT_EQ(resolve(), (std::pair<std::string, std::string>{"ASIAIMDS", "EC2 instance metadata"}));

  world.env.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/x");
  EXPECT_EQ(resolve().first, "ASIAECS");
  EXPECT_EQ(resolve().second, "container (http://169.254.170.2/v2/credentials/x)");

  home.write(".aws/credentials",
             "[default]\naws_access_key_id = AKIDPROFILE\n"
             "aws_secret_access_key = s\n");
  EXPECT_EQ(resolve(), (std::pair<std::string, std::string>{"AKIDPROFILE", "profile default"}));

  world.env.set("AWS_WEB_IDENTITY_TOKEN_FILE", home.write("token", kWebIdentityToken));
  world.env.set("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa");
  EXPECT_EQ(resolve(),
            (std::pair<std::string, std::string>{"ASIAWEBIDENTITY", "web identity (environment)"}));

  world.env.set("AWS_ACCESS_KEY_ID", "AKIDENV");
  world.env.set("AWS_SECRET_ACCESS_KEY", kSecretKey);
  EXPECT_EQ(resolve(), (std::pair<std::string, std::string>{"AKIDENV", "environment"}));
}

TEST_F(DefaultChainTest, ExplicitProfileSkipsEnvironmentKeys) {
  world.env.set("AWS_ACCESS_KEY_ID", "AKIDENV");
  world.env.set("AWS_SECRET_ACCESS_KEY", kSecretKey);
  home.write(".aws/config",
             "[profile dev]\naws_access_key_id = AKIDDEV\n"
             "aws_secret_access_key = s\n");
  DefaultChainOptions options;
  options.profile = "dev";
  EXPECT_EQ(resolve(options).first, "AKIDDEV");
  // AWS_PROFILE from the environment does not skip them (botocore's rule).
  world.env.set("AWS_PROFILE", "dev");
  EXPECT_EQ(resolve().first, "AKIDENV");
}

TEST_F(DefaultChainTest, ImdsDisabledAndNothingElseListsEverySource) {
  world.env.set("AWS_EC2_METADATA_DISABLED", "true");
  auto [result, answered] = resolve();
  EXPECT_TRUE(result.starts_with("error: no AWS credentials found; the default chain looked at:"))
      << result;
  for (const char* mentioned :
       {"environment: AWS_ACCESS_KEY_ID is not set", "web identity: AWS_WEB_IDENTITY_TOKEN_FILE",
        "profile default: not found in", "container: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "EC2 instance metadata: disabled by AWS_EC2_METADATA_DISABLED=true"}) {
    EXPECT_NE(result.find(mentioned), std::string::npos) << mentioned << "\n" << result;
  }
  EXPECT_EQ(world.fake.count(), 0u);
  EXPECT_EQ(answered, "");
}

TEST_F(DefaultChainTest, NotOnEc2IsNotConfiguredAfterOneShortAttempt) {
  imds_up = false;
  auto [result, answered] = resolve();
  EXPECT_NE(result.find("no instance metadata service answered at http://169.254.169.254"),
            std::string::npos)
      << result;
  ASSERT_EQ(world.fake.count(), 1u);
  EXPECT_EQ(world.fake.options()[0].connect_timeout, std::chrono::milliseconds(1000));
}

TEST_F(DefaultChainTest, ConfiguredButBrokenSourceStopsTheChain) {
  world.env.set("AWS_ACCESS_KEY_ID", "AKIDENV");  // no secret
  auto [result, answered] = resolve();
  EXPECT_NE(result.find("AWS_SECRET_ACCESS_KEY is not"), std::string::npos) << result;
  EXPECT_EQ(world.fake.count(), 0u);  // IMDS was never tried

  world.env.unset("AWS_ACCESS_KEY_ID");
  home.write(".aws/config", "[default\n");
  EXPECT_NE(resolve().first.find("config line 1"), std::string::npos);
}

TEST_F(DefaultChainTest, RemembersTheAnsweringSource) {
  world.env.set("AWS_ACCESS_KEY_ID", "AKIDENV");
  world.env.set("AWS_SECRET_ACCESS_KEY", kSecretKey);
  DefaultChain chain = make_default_chain(world.context());
  EXPECT_EQ(chain.chain->answered_by(), "");
  ASSERT_TRUE(chain.provider->get());
  EXPECT_EQ(chain.chain->answered_by(), "environment");
  EXPECT_EQ(chain.provider->name(), "default chain: environment");
}

}  // namespace
}  // namespace smp::aws
