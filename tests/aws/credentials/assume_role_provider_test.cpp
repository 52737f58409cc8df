#include "aws/providers/assume_role_provider.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <thread>

#include "aws/providers/caching_provider.hpp"
#include "aws/providers/static_provider.hpp"
#include "credentials_test_support.hpp"

namespace smp::aws {
namespace {

using namespace testing;
using namespace std::chrono_literals;

constexpr const char* kRole = "arn:aws:iam::123456789012:role/demo";

CredentialsProviderPtr base_keys() {
  return *make_static_provider("AKIABASEEXAMPLE1", kSecretKey, "", "static keys");
}

std::string ok_body(const std::string& key = "ASIAASSUMED1",
                    const std::string& expiration = "2024-01-15T13:00:00Z") {
  return sts_credentials_xml("AssumeRole", key, kAssumedSecret, kAssumedToken, expiration);
}

AssumeRoleConfig demo_config() {
  AssumeRoleConfig config;
  config.role_arn = kRole;
  config.external_id = "ext-123";
  config.model_type = "llm";
  config.sts.region = "eu-central-1";
  return config;
}

TEST(AssumeRoleProvider, SendsExactRequestAndReturnsAssumedCredentials) {
  World world;
  world.fake.set_handler([](const HttpRequest&) { return response(200, ok_body()); });
  auto provider = make_assume_role_provider(base_keys(), demo_config(), world.context());
  ASSERT_TRUE(provider) << provider.error().message;
  auto credentials = (*provider)->get();
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ((*credentials)->access_key_id, "ASIAASSUMED1");
  EXPECT_EQ((*credentials)->secret_access_key, kAssumedSecret);
  EXPECT_EQ((*credentials)->session_token, kAssumedToken);
  EXPECT_EQ((*credentials)->account_id, "123456789012");
  EXPECT_EQ((*credentials)->source,
            "assume-role arn:aws:iam::123456789012:role/demo (from static keys)");

  ASSERT_EQ(world.fake.count(), 1u);
  const HttpRequest sent = world.fake.requests()[0];
  EXPECT_EQ(sent.url, "https://sts.eu-central-1.amazonaws.com/");
  EXPECT_EQ(sent.body,
            "Action=AssumeRole&Version=2011-06-15"
            "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo"
            "&RoleSessionName=sagemaker-provider-llm-1705320000&ExternalId=ext-123"
            "&DurationSeconds=3600");
  EXPECT_NE(std::string(sent.headers.get("Authorization").value_or(""))
                .find("Credential=AKIABASEEXAMPLE1/20240115/eu-central-1/sts/aws4_request"),
            std::string::npos);

  // Cached: a second get() makes no call.
  ASSERT_TRUE((*provider)->get());
  EXPECT_EQ(world.fake.count(), 1u);
}

TEST(AssumeRoleProvider, ValidatesEverythingBeforeAnyCall) {
  World world;
  struct Case {
    std::function<void(AssumeRoleConfig&)> change;
    const char* code;
  };
  for (const Case& c : {
           Case{[](AssumeRoleConfig& a) { a.role_arn = "arn:aws:iam::1234:role/x"; },
                "InvalidRoleArn"},
           Case{[](AssumeRoleConfig& a) { a.external_id = "x"; }, "InvalidExternalId"},
           Case{[](AssumeRoleConfig& a) { a.external_id = "has space"; }, "InvalidExternalId"},
           Case{[](AssumeRoleConfig& a) { a.duration_seconds = 600; }, "InvalidDurationSeconds"},
           Case{[](AssumeRoleConfig& a) { a.duration_seconds = 50000; }, "InvalidDurationSeconds"},
       }) {
    AssumeRoleConfig config = demo_config();
    c.change(config);
    auto provider = make_assume_role_provider(base_keys(), config, world.context());
    ASSERT_FALSE(provider) << c.code;
    EXPECT_EQ(provider.error().code, c.code);
    EXPECT_EQ(provider.error().kind, ErrorKind::invalid_argument);
    render(provider.error());
  }
  EXPECT_EQ(world.fake.count(), 0u);
}

TEST(AssumeRoleProvider, RolePartitionMustMatchTheStsRegion) {
  World world;
  AssumeRoleConfig config = demo_config();
  config.role_arn = "arn:aws-cn:iam::123456789012:role/demo";
  auto provider = make_assume_role_provider(base_keys(), config, world.context());
  ASSERT_FALSE(provider);
  EXPECT_EQ(provider.error().code, "InvalidRoleArn");
  EXPECT_NE(provider.error().message.find("the role is in partition aws-cn, but STS region "
                                          "eu-central-1 is in partition aws"),
            std::string::npos)
      << provider.error().message;
  config.sts.region = "cn-northwest-1";
  EXPECT_TRUE(make_assume_role_provider(base_keys(), config, world.context()));
}

TEST(AssumeRoleProvider, SanitizesAUserSessionName) {
  World world;
  world.fake.set_handler([](const HttpRequest&) { return response(200, ok_body()); });
  AssumeRoleConfig config = demo_config();
  config.role_session_name = "alice smith/dify";
  auto provider = make_assume_role_provider(base_keys(), config, world.context());
  ASSERT_TRUE(provider);
  ASSERT_TRUE((*provider)->get());
  EXPECT_NE(world.fake.requests()[0].body.find("&RoleSessionName=alice-smith-dify&"),
            std::string::npos);
}

TEST(AssumeRoleProvider, DurationAboveRoleMaximumFallsBackTo3600Once) {
  World world;
  world.fake.set_handler([](const HttpRequest& request) {
    if (request.body.find("DurationSeconds=43200") != std::string::npos) {
      return response(400, sts_error_xml("ValidationError",
                                         "The requested DurationSeconds exceeds the "
                                         "MaxSessionDuration set for this role."));
    }
    return response(200, ok_body());
  });
  AssumeRoleConfig config = demo_config();
  config.duration_seconds = 43200;
  auto provider = make_assume_role_provider(base_keys(), config, world.context());
  ASSERT_TRUE(provider);
  auto credentials = (*provider)->get();
  ASSERT_TRUE(credentials) << credentials.error().message;
  const auto requests = world.fake.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_NE(requests[0].body.find("DurationSeconds=43200"), std::string::npos);
  EXPECT_NE(requests[1].body.find("DurationSeconds=3600"), std::string::npos);
}

TEST(AssumeRoleProvider, DurationFallbackDoesNotLoopWhen3600IsAlsoRefused) {
  World world;
  world.fake.set_handler([](const HttpRequest&) {
    return response(400, sts_error_xml("ValidationError",
                                       "The requested DurationSeconds exceeds the 1 hour session "
                                       "limit for roles assumed by role chaining."));
  });
  AssumeRoleConfig config = demo_config();
  config.duration_seconds = 7200;
  auto provider = make_assume_role_provider(base_keys(), config, world.context());
  ASSERT_TRUE(provider);
  auto credentials = (*provider)->get();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(world.fake.count(), 2u);
  EXPECT_NE(credentials.error().message.find("DurationSeconds=3600"), std::string::npos)
      << credentials.error().message;
}

// A base that hands out a stale snapshot until invalidated (as a cache that did not know the
// base session's expiry would).
class StaleOnceBase final : public CredentialsProvider {
 public:
  Result<std::shared_ptr<const Credentials>> get() override {
    Credentials c;
    c.access_key_id = invalidated ? "ASIAFRESHBASE" : "ASIASTALEBASE";
    c.secret_access_key = kSecretKey;
    c.session_token = kSessionToken;
    return std::make_shared<const Credentials>(c);
  }
  std::string name() const override { return "profile base"; }
  void invalidate() override { invalidated = true; }
  bool invalidated = false;
};

TEST(AssumeRoleProvider, ExpiredTokenRefreshesTheBaseAndRetriesOnce) {
  World world;
  world.fake.set_handler([](const HttpRequest& request) {
    const std::string auth(request.headers.get("Authorization").value_or(""));
    if (auth.find("ASIASTALEBASE") != std::string::npos) {
      return response(400, sts_error_xml("ExpiredToken",
                                         "The security token included in the "
                                         "request is expired"));
    }
    return response(200, ok_body());
  });
  auto base = std::make_shared<StaleOnceBase>();
  auto provider = make_assume_role_provider(base, demo_config(), world.context());
  ASSERT_TRUE(provider);
  auto credentials = (*provider)->get();
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_TRUE(base->invalidated);
  EXPECT_EQ(world.fake.count(), 2u);
}

TEST(AssumeRoleProvider, PersistentExpiredTokenReportsTheSource) {
  World world;
  world.fake.set_handler(
      [](const HttpRequest&) { return response(403, sts_error_xml("ExpiredToken", "expired")); });
  auto provider =
      make_assume_role_provider(std::make_shared<StaleOnceBase>(), demo_config(), world.context());
  auto credentials = (*provider)->get();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(world.fake.count(), 2u);
  EXPECT_NE(credentials.error().message.find("session token of the source credentials (profile "
                                             "base (ASIA…BASE)) has expired"),
            std::string::npos)
      << credentials.error().message;
  render(credentials.error());
}

TEST(AssumeRoleProvider, BaseFailureIsExplained) {
  World world;
  class Broken final : public CredentialsProvider {
   public:
    Result<std::shared_ptr<const Credentials>> get() override {
      return fail(ErrorKind::auth, "NoCredentials", "no AWS credentials found");
    }
    std::string name() const override { return "default chain"; }
  };
  auto provider =
      make_assume_role_provider(std::make_shared<Broken>(), demo_config(), world.context());
  auto credentials = (*provider)->get();
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().code, "NoCredentials");
  EXPECT_NE(credentials.error().message.find("cannot assume arn:aws:iam::123456789012:role/demo: "
                                             "the source credentials failed"),
            std::string::npos);
  EXPECT_EQ(world.fake.count(), 0u);
}

TEST(AssumeRoleProvider, RoleChainingUsesTheAssumedCredentialsOfTheFirstRole) {
  World world;
  world.fake.set_handler([](const HttpRequest& request) {
    const std::string auth(request.headers.get("Authorization").value_or(""));
    if (request.body.find("role%2Ffirst") != std::string::npos) {
      return response(200, ok_body("ASIAFIRSTROLE1"));
    }
    EXPECT_NE(auth.find("Credential=ASIAFIRSTROLE1/"), std::string::npos) << auth;
    EXPECT_EQ(request.headers.get("X-Amz-Security-Token"), kAssumedToken);
    return response(200, ok_body("ASIASECONDROLE"));
  });
  AssumeRoleConfig first = demo_config();
  first.role_arn = "arn:aws:iam::111111111111:role/first";
  AssumeRoleConfig second = demo_config();
  second.role_arn = "arn:aws:iam::222222222222:role/second";
  auto one = make_assume_role_provider(base_keys(), first, world.context());
  auto two = make_assume_role_provider(*one, second, world.context());
  auto credentials = (*two)->get();
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ((*credentials)->access_key_id, "ASIASECONDROLE");
  EXPECT_EQ(world.fake.count(), 2u);
}

// The brief's single-flight check: 32 threads call get() at once while the fake STS blocks;
// exactly one STS call is made and every thread gets its credentials.
TEST(AssumeRoleProvider, ThirtyTwoConcurrentCallersMakeOneStsCall) {
  World world;
  std::mutex mutex;
  std::condition_variable changed;
  bool release = false;
  int in_sts = 0;
  world.fake.set_handler([&](const HttpRequest&) {
    std::unique_lock lock(mutex);
    ++in_sts;
    changed.notify_all();
    changed.wait(lock, [&] { return release; });
    return response(200, ok_body());
  });
  auto provider = make_assume_role_provider(base_keys(), demo_config(), world.context());
  ASSERT_TRUE(provider);
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 32; ++i) {
    threads.emplace_back([&] {
      auto r = (*provider)->get();
      if (r && (*r)->access_key_id == "ASIAASSUMED1") ++ok;
    });
  }
  {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return in_sts >= 1; });
  }
  std::this_thread::sleep_for(20ms);  // let the others pile up behind the flight
  {
    std::lock_guard lock(mutex);
    release = true;
    changed.notify_all();
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(ok, 32);
  EXPECT_EQ(world.fake.count(), 1u);
}

TEST(AssumeRoleProvider, RefreshesInTheAdvisoryWindowWithTheManualClock) {
  World world;
  int calls = 0;
  world.fake.set_handler([&](const HttpRequest&) {
    ++calls;
    // Each answer expires one hour after the (manual) time of the call.
    const auto expiration = format_iso8601_time(world.clock.now() + 1h);
    return response(200, ok_body("ASIACALL" + std::to_string(calls), expiration));
  });
  auto provider = make_assume_role_provider(base_keys(), demo_config(), world.context());
  EXPECT_EQ((*(*provider)->get())->access_key_id, "ASIACALL1");
  world.clock.advance(40min);
  EXPECT_EQ((*(*provider)->get())->access_key_id, "ASIACALL1");
  world.clock.advance(6min);  // 14 minutes left
  EXPECT_EQ((*(*provider)->get())->access_key_id, "ASIACALL2");
  EXPECT_EQ(calls, 2);
}

}  // namespace
}  // namespace smp::aws
