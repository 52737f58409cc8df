#include "aws/providers/container_provider.hpp"

#include <gtest/gtest.h>

#include "credentials_test_support.hpp"

namespace smp::aws {
namespace {

using namespace testing;

std::string container_json(const std::string& key = "ASIACONTAINER") {
  return "{\"AccessKeyId\":\"" + key + "\",\"SecretAccessKey\":\"" + kAssumedSecret +
         "\",\"Token\":\"" + kAssumedToken +
         "\",\"Expiration\":\"2024-01-15T18:00:00Z\",\"AccountId\":\"123456789012\","
         "\"RoleArn\":\"arn:aws:iam::123456789012:role/task\"}";
}

TEST(ContainerUri, HostRulesOfTheSdks) {
  for (const char* ok :
       {"https://anything.example.com/creds", "http://127.0.0.1/creds", "http://127.2.3.4:80/x",
        "http://localhost:8080/x", "http://169.254.170.2/v2/creds", "http://169.254.170.23/v1/x",
        "http://[fd00:ec2::23]/v1/credentials", "http://[::1]:9000/x", "HTTP://LOCALHOST/x"}) {
    EXPECT_TRUE(check_container_uri(ok)) << ok;
  }
  for (const char* bad :
       {"http://example.com/creds", "http://169.254.169.254/latest", "http://10.0.0.1/x",
        "http://[fd00:ec2::254]/x", "ftp://127.0.0.1/x", "127.0.0.1/x",
        "http://localhost.evil.com/x", "http://127.0.0.1.evil.com/x"}) {
    auto result = check_container_uri(bad);
    EXPECT_FALSE(result) << bad;
  }
  auto denied = check_container_uri("http://example.com/creds");
  EXPECT_NE(denied.error().message.find("unsupported host 'example.com'"), std::string::npos);
}

TEST(ContainerEndpoint, RelativeWinsOverFull) {
  MapEnvironment env;
  EXPECT_TRUE(is_not_configured(container_endpoint_from_environment(env).error()));
  env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/x");
  EXPECT_EQ(container_endpoint_from_environment(env).error().code,
            "InvalidContainerCredentialsUri");
  env.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc");
  auto endpoint = container_endpoint_from_environment(env);
  ASSERT_TRUE(endpoint);
  EXPECT_EQ(endpoint->url, "http://169.254.170.2/v2/credentials/abc");
}

TEST(ContainerProvider, EcsRelativeUriWithLiteralToken) {
  World world;
  world.env.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc");
  world.env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", kContainerToken);
  world.fake.set_handler([](const HttpRequest&) { return response(200, container_json()); });
  ContainerProvider provider(*container_endpoint_from_environment(world.env), world.context());
  auto credentials = provider.get();
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ((*credentials)->access_key_id, "ASIACONTAINER");
  EXPECT_EQ((*credentials)->session_token, kAssumedToken);
  EXPECT_EQ((*credentials)->account_id, "123456789012");
  EXPECT_EQ((*credentials)->expiration, parse_iso8601_time("2024-01-15T18:00:00Z"));
  const HttpRequest sent = world.fake.requests().at(0);
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.url, "http://169.254.170.2/v2/credentials/abc");
  EXPECT_EQ(sent.headers.get("Authorization"), kContainerToken);  // raw, no "Bearer "
  EXPECT_EQ(sent.headers.get("Accept"), "application/json");
}

TEST(ContainerProvider, PodIdentityTokenFileIsReadOnEveryFetchAndPreferred) {
  World world;
  TempDir dir;
  const std::string token_file = dir.write("eks-pod-identity-token", "first-token\n");
  world.env.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.23/v1/credentials");
  world.env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", token_file);
  world.env.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored-literal");
  world.fake.set_handler([](const HttpRequest&) { return response(200, container_json()); });
  ContainerProvider provider(*container_endpoint_from_environment(world.env), world.context());
  ASSERT_TRUE(provider.get());
  dir.write("eks-pod-identity-token", "second-token");
  ASSERT_TRUE(provider.get());
  const auto requests = world.fake.requests();
  EXPECT_EQ(requests[0].headers.get("Authorization"), "first-token");
  EXPECT_EQ(requests[1].headers.get("Authorization"), "second-token");
}

TEST(ContainerProvider, TokenFileProblemsAndLineBreaks) {
  World world;
  TempDir dir;
  ContainerEndpoint endpoint{"http://127.0.0.1/x", "", (dir.path() / "missing").string()};
  auto missing = ContainerProvider(endpoint, world.context()).get();
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, "ContainerTokenFileMissing");
  endpoint.token_file.clear();
  endpoint.token = "a\r\nInjected: header";
  auto injected = ContainerProvider(endpoint, world.context()).get();
  ASSERT_FALSE(injected);
  EXPECT_EQ(injected.error().code, "ContainerTokenInvalid");
  EXPECT_EQ(world.fake.count(), 0u);
}

TEST(ContainerProvider, RetriesThreeTimesWithOneSecondPauses) {
  World world;
  int calls = 0;
  world.fake.set_handler([&](const HttpRequest&) -> Result<HttpResponse> {
    if (++calls < 3) return response(500, "agent busy");
    return response(200, container_json());
  });
  ContainerProvider provider({"http://127.0.0.1/x", "", ""}, world.context());
  ASSERT_TRUE(provider.get());
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(world.sleeps, (std::vector<std::chrono::milliseconds>{std::chrono::seconds(1),
                                                                  std::chrono::seconds(1)}));
  EXPECT_EQ(world.fake.options().at(0).read_timeout, std::chrono::milliseconds(2000));
}

TEST(ContainerProvider, UnauthorizedIsNotRetriedAndBadJsonIsAnError) {
  World world;
  world.fake.set_handler([](const HttpRequest&) { return response(401, "no"); });
  ContainerProvider provider({"http://127.0.0.1/x", "", ""}, world.context());
  auto denied = provider.get();
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().kind, ErrorKind::auth);
  EXPECT_EQ(world.fake.count(), 1u);

  world.fake.set_handler([](const HttpRequest&) {
    return response(200, R"({"AccessKeyId":"A","SecretAccessKey":"S"})");
  });
  auto partial = provider.get();
  ASSERT_FALSE(partial);
  EXPECT_NE(partial.error().message.find("without \"Token\""), std::string::npos);
  render(denied.error());
  render(partial.error());
}

}  // namespace
}  // namespace smp::aws
