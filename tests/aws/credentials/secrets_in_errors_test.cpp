// Secrets never appear in an error message. Every test of this folder passes the errors it
// provokes through render() (describe() plus every detail); this environment checks them all at
// the end of the run against every secret and token the tests fed in. The scenario test below
// provokes the errors most likely to leak on its own, so the check has material even when run
// alone with --gtest_filter.
#include <gtest/gtest.h>

#include "aws/providers/assume_role_provider.hpp"
#include "aws/providers/container_provider.hpp"
#include "aws/providers/process_provider.hpp"
#include "aws/providers/static_provider.hpp"
#include "aws/providers/web_identity_provider.hpp"
#include "credentials_test_support.hpp"

namespace smp::aws {
namespace {

using namespace testing;

class NoSecretsInMessages : public ::testing::Environment {
 public:
  void TearDown() override {
    std::lock_guard lock(rendered_messages_mutex());
    for (const std::string& message : rendered_messages()) {
      for (const std::string& secret : all_test_secrets()) {
        EXPECT_EQ(message.find(secret), std::string::npos)
            << "a secret leaked into an error message: " << message;
      }
    }
  }
};

[[maybe_unused]] const auto* const kRegistered =
    ::testing::AddGlobalTestEnvironment(new NoSecretsInMessages);

TEST(SecretsInErrors, ScenariosMostLikelyToLeak) {
  World world;
  TempDir dir;
  std::vector<std::string> messages;
  const auto keep = [&](const auto& result) {
    ASSERT_FALSE(result);
    messages.push_back(render(result.error()));
  };

  // STS echoing parts of the request back; the caller's keys carry a token.
  auto base = *make_static_provider("AKIASECRETTEST01", kSecretKey, kSessionToken);
  for (const char* code : {"AccessDenied", "ExpiredToken", "InvalidClientTokenId",
                           "SignatureDoesNotMatch", "ValidationError", "Throttling"}) {
    world.fake.set_handler([code](const HttpRequest&) {
      return response(403, sts_error_xml(code, "request rejected"));
    });
    AssumeRoleConfig config;
    config.role_arn = "arn:aws:iam::123456789012:role/demo";
    config.external_id = "ext-1";
    keep((*make_assume_role_provider(base, config, world.context()))->get());
  }
  // A non-XML error page that echoes the request, headers included (a misbehaving proxy).
  world.fake.set_handler([](const HttpRequest& r) {
    std::string page = "Bad gateway for request:";
    for (const auto& [name, value] : r.headers)
      page += " " + name + ": " + value;
    return response(502, page + " " + r.body);
  });
  AssumeRoleConfig config;
  config.role_arn = "arn:aws:iam::123456789012:role/demo";
  keep((*make_assume_role_provider(base, config, world.context()))->get());

  // Web identity rejected, by STS and by an echoing proxy; the token must not be quoted back.
  WebIdentityConfig web;
  web.role_arn = "arn:aws:iam::123456789012:role/irsa";
  web.token_file = dir.write("token", kWebIdentityToken);
  world.fake.set_handler([](const HttpRequest&) {
    return response(400, sts_error_xml("InvalidIdentityToken", "Couldn't retrieve keys"));
  });
  keep((*make_web_identity_provider(web, world.context()))->get());
  world.fake.set_handler([](const HttpRequest& r) {
    return response(400, sts_error_xml("InvalidIdentityToken", "bad token in " + r.body));
  });
  keep((*make_web_identity_provider(web, world.context()))->get());

  // credential_process printing secrets to stderr and stdout, then failing.
  const std::string script = dir.write("leaky.sh",
                                       "#!/bin/sh\necho \"fatal: " + std::string(kProcessSecret) +
                                           "\" >&2\necho '{\"Version\":1,"
                                           "\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"" +
                                           kProcessSecret + "\"' \nexit 1\n",
                                       std::filesystem::perms::owner_all);
  keep(ProcessProvider(script, "profile leaky").get());
  const std::string bad_json = dir.write("bad.sh",
                                         "#!/bin/sh\necho '{\"Version\":1,\"SecretAccessKey\":\"" +
                                             std::string(kProcessSecret) + "\"'\n",
                                         std::filesystem::perms::owner_all);
  keep(ProcessProvider(bad_json, "profile bad").get());

  // Container credentials rejected with the token in play.
  world.fake.set_handler([](const HttpRequest& r) {
    return response(403, std::string(r.headers.get("Authorization").value_or("")));
  });
  keep(ContainerProvider({"http://127.0.0.1/creds", kContainerToken, ""}, world.context()).get());

  ASSERT_GE(messages.size(), 10u);
  for (const std::string& message : messages) {
    for (const std::string& secret : all_test_secrets()) {
      EXPECT_EQ(message.find(secret), std::string::npos) << message;
    }
  }
}

}  // namespace
}  // namespace smp::aws
