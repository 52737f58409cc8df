#include "aws/providers/profile_provider.hpp"

#include <gtest/gtest.h>

#include "credentials_test_support.hpp"

namespace smp::aws {
namespace {

using namespace testing;

// An STS that answers AssumeRole with credentials named after the role and records which key
// signed each call.
FakeTransport::Handler sts_by_role() {
  return [](const HttpRequest& r) -> Result<HttpResponse> {
    const std::string marker = "role%2F";
    const size_t at = r.body.find(marker);
    if (at == std::string::npos) return response(400, sts_error_xml("ValidationError", "no role"));
    std::string role = r.body.substr(at + marker.size());
    role = role.substr(0, role.find('&'));
    std::string key = "ASIA" + role;
    for (auto& c : key)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return response(200, sts_credentials_xml("AssumeRole", key, kAssumedSecret, kAssumedToken,
                                             "2024-01-15T13:00:00Z"));
  };
}

std::string signer_of(const HttpRequest& r) {
  const std::string auth(r.headers.get("Authorization").value_or(""));
  const size_t at = auth.find("Credential=");
  return at == std::string::npos ? "" : auth.substr(at + 11, auth.find('/', at) - at - 11);
}

class ProfileTest : public ::testing::Test {
 protected:
  ProfileTest() {
    world.env.set("HOME", home.str());
    world.fake.set_handler(sts_by_role());
  }
  void files(const std::string& config, const std::string& credentials = "") {
    home.write(".aws/config", config);
    home.write(".aws/credentials", credentials);
  }
  Result<std::shared_ptr<const Credentials>> get(const std::string& profile = "") {
    ProfileOptions options;
    options.profile = profile;
    options.model_type = "llm";
    ProfileProvider provider(world.context(), options);
    last_name = "";
    auto result = provider.get();
    last_name = provider.name();
    return result;
  }
  World world;
  TempDir home;
  std::string last_name;
};

TEST_F(ProfileTest, StaticKeysOfTheDefaultProfile) {
  files("[default]\nregion = eu-west-1\n",
        "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = " +
            std::string(kSecretKey) + "\naws_session_token = " + kSessionToken + "\n");
  auto credentials = get();
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ((*credentials)->access_key_id, "AKIDDEFAULT");
  EXPECT_EQ((*credentials)->session_token, kSessionToken);
  EXPECT_EQ((*credentials)->source, "profile default");
  EXPECT_EQ(world.fake.count(), 0u);
}

TEST_F(ProfileTest, EnvironmentSelectsTheProfile) {
  files("[profile dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\n");
  world.env.set("AWS_PROFILE", "dev");
  auto credentials = get();
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ((*credentials)->access_key_id, "AKIDDEV");
}

TEST_F(ProfileTest, MissingExplicitProfileNamesFilesAndProfiles) {
  files("[profile a]\nregion = x\n", "[b]\naws_access_key_id = K\naws_secret_access_key = s\n");
  auto credentials = get("prod");
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().code, "ProfileNotFound");
  const std::string text = render(credentials.error());
  EXPECT_NE(text.find("profile 'prod' not found in " + home.str() + "/.aws/config or " +
                      home.str() + "/.aws/credentials; profiles that exist: a, b"),
            std::string::npos)
      << text;
}

TEST_F(ProfileTest, MissingDefaultProfileIsNotConfigured) {
  auto credentials = get();
  ASSERT_FALSE(credentials);
  EXPECT_TRUE(is_not_configured(credentials.error()));
  EXPECT_NE(credentials.error().message.find("(missing)"), std::string::npos);
}

TEST_F(ProfileTest, RoleChainAssumesInOrderWithEachPreviousCredentials) {
  files(
      "[profile top]\nrole_arn = arn:aws:iam::111111111111:role/top\nsource_profile = middle\n"
      "external_id = ext-top\nrole_session_name = my session\nduration_seconds = 1800\n"
      "region = ap-southeast-2\n"
      "[profile middle]\nrole_arn = arn:aws:iam::222222222222:role/middle\n"
      "source_profile = base\n",
      "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = " + std::string(kSecretKey) +
          "\n");
  auto credentials = get("top");
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ((*credentials)->access_key_id, "ASIATOP");
  const auto requests = world.fake.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_NE(requests[0].body.find("role%2Fmiddle"), std::string::npos);
  EXPECT_EQ(signer_of(requests[0]), "AKIDBASE");
  EXPECT_NE(requests[1].body.find("role%2Ftop"), std::string::npos);
  EXPECT_EQ(signer_of(requests[1]), "ASIAMIDDLE");
  EXPECT_EQ(requests[1].body,
            "Action=AssumeRole&Version=2011-06-15"
            "&RoleArn=arn%3Aaws%3Aiam%3A%3A111111111111%3Arole%2Ftop"
            "&RoleSessionName=my-session&ExternalId=ext-top&DurationSeconds=1800");
  // The profile's region picks the regional STS endpoint.
  EXPECT_EQ(requests[1].url, "https://sts.ap-southeast-2.amazonaws.com/");
  EXPECT_NE(last_name.find("assume-role arn:aws:iam::111111111111:role/top (from assume-role "
                           "arn:aws:iam::222222222222:role/middle (from profile base))"),
            std::string::npos)
      << last_name;
}

TEST_F(ProfileTest, CycleIsDetected) {
  files(
      "[profile a]\nrole_arn = arn:aws:iam::111111111111:role/a\nsource_profile = b\n"
      "[profile b]\nrole_arn = arn:aws:iam::111111111111:role/b\nsource_profile = c\n"
      "[profile c]\nrole_arn = arn:aws:iam::111111111111:role/c\nsource_profile = a\n");
  auto credentials = get("a");
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().code, "InvalidConfig");
  EXPECT_NE(credentials.error().message.find("source_profile cycle: a -> b -> c -> a"),
            std::string::npos)
      << credentials.error().message;
  EXPECT_EQ(world.fake.count(), 0u);
}

TEST_F(ProfileTest, SelfReferenceUsesTheProfilesOwnKeys) {
  files(
      "[profile self]\nrole_arn = arn:aws:iam::111111111111:role/self\nsource_profile = self\n"
      "aws_access_key_id = AKIDSELF\naws_secret_access_key = s\n");
  auto credentials = get("self");
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ((*credentials)->access_key_id, "ASIASELF");
  EXPECT_EQ(signer_of(world.fake.requests().at(0)), "AKIDSELF");

  files("[profile self]\nrole_arn = arn:aws:iam::111111111111:role/self\nsource_profile = self\n");
  auto keyless = get("self");
  ASSERT_FALSE(keyless);
  EXPECT_NE(keyless.error().message.find("names itself as source_profile but has no static keys"),
            std::string::npos);
}

TEST_F(ProfileTest, CredentialSourceEnvironment) {
  files(
      "[profile ci]\nrole_arn = arn:aws:iam::111111111111:role/ci\n"
      "credential_source = Environment\n");
  world.env.set("AWS_ACCESS_KEY_ID", "AKIDFROMENV");
  world.env.set("AWS_SECRET_ACCESS_KEY", kSecretKey);
  auto credentials = get("ci");
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ((*credentials)->access_key_id, "ASIACI");
  EXPECT_EQ(signer_of(world.fake.requests().at(0)), "AKIDFROMENV");
}

TEST_F(ProfileTest, CredentialSourceEcsContainer) {
  files(
      "[profile task]\nrole_arn = arn:aws:iam::111111111111:role/task2\n"
      "credential_source = EcsContainer\n");
  world.env.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/x");
  world.fake.set_handler([](const HttpRequest& r) -> Result<HttpResponse> {
    if (r.method == "GET") {
      return response(200,
                      "{\"AccessKeyId\":\"ASIATASKROLE\",\"SecretAccessKey\":\"s\","
                      "\"Token\":\"t\",\"Expiration\":\"2024-01-15T18:00:00Z\"}");
    }
    return sts_by_role()(r);
  });
  auto credentials = get("task");
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ((*credentials)->access_key_id, "ASIATASK2");
  EXPECT_EQ(signer_of(world.fake.requests().at(1)), "ASIATASKROLE");
}

TEST_F(ProfileTest, RoleConfigurationMistakes) {
  struct Case {
    const char* config;
    const char* code;
    const char* says;
  };
  for (const Case& c : {
           Case{"[profile p]\nrole_arn = arn:aws:iam::111111111111:role/r\n", "PartialCredentials",
                "neither source_profile nor credential_source"},
           Case{"[profile p]\nrole_arn = arn:aws:iam::111111111111:role/r\nsource_profile = q\n"
                "credential_source = Environment\n",
                "InvalidConfig", "both source_profile and credential_source"},
           Case{"[profile p]\nrole_arn = arn:aws:iam::111111111111:role/r\n"
                "credential_source = Ec2\n",
                "InvalidCredentialSource",
                "expected Environment, Ec2InstanceMetadata or "
                "EcsContainer"},
           Case{"[profile p]\nrole_arn = arn:aws:iam::111111111111:role/r\nsource_profile = q\n",
                "ProfileNotFound", "has source_profile = q, but profile 'q' not found"},
           Case{"[profile p]\nrole_arn = arn:aws:iam::111111111111:role/r\nsource_profile = q\n"
                "[profile q]\nregion = x\n",
                "InvalidConfig", "source_profile = q, which has no credentials"},
           Case{"[profile p]\nrole_arn = arn:aws:iam::111111111111:role/r\nsource_profile = q\n"
                "duration_seconds = 1h\n[profile q]\naws_access_key_id = K\n"
                "aws_secret_access_key = s\n",
                "InvalidConfig", "duration_seconds = 1h, which is not a whole number"},
           Case{"[profile p]\nrole_arn = arn:aws:iam::111:role/r\nsource_profile = q\n"
                "[profile q]\naws_access_key_id = K\naws_secret_access_key = s\n",
                "InvalidRoleArn", "profile p: Invalid role ARN"},
           Case{"[profile p]\nrole_arn = arn:aws:iam::111111111111:role/r\nsource_profile = q\n"
                "mfa_serial = arn:aws:iam::111111111111:mfa/u\n",
                "MfaNotSupported", "MFA"},
           Case{"[profile p]\naws_access_key_id = K\n", "PartialCredentials",
                "has aws_access_key_id but no aws_secret_access_key"},
           Case{"[profile p]\nsso_session = corp\nsso_account_id = 1\n", "SsoNotSupported",
                "credential_process = aws configure export-credentials --profile p"},
           Case{"[profile p]\nweb_identity_token_file = /t\n", "WebIdentityRoleMissing",
                "no role_arn"},
       }) {
    files(c.config);
    auto credentials = get("p");
    ASSERT_FALSE(credentials) << c.config;
    EXPECT_EQ(credentials.error().code, c.code) << credentials.error().message;
    EXPECT_NE(credentials.error().message.find(c.says), std::string::npos)
        << credentials.error().message;
    render(credentials.error());
  }
  EXPECT_EQ(world.fake.count(), 0u);
}

TEST_F(ProfileTest, ProfileWithoutCredentialSettingsIsNotConfigured) {
  files("[default]\nregion = us-east-1\n");
  auto credentials = get("default");
  ASSERT_FALSE(credentials);
  EXPECT_TRUE(is_not_configured(credentials.error()));
}

TEST_F(ProfileTest, CredentialProcessProfile) {
  const std::string script =
      home.write("bin/creds",
                 "#!/bin/sh\necho '{\"Version\":1,\"AccessKeyId\":\"ASIAPROCESS\","
                 "\"SecretAccessKey\":\"s\",\"Expiration\":\"2024-01-15T13:00:00Z\"}'\n",
                 std::filesystem::perms::owner_all);
  files("[profile tool]\ncredential_process = " + script + " --profile \"x y\"\n");
  auto credentials = get("tool");
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ((*credentials)->access_key_id, "ASIAPROCESS");
  EXPECT_EQ((*credentials)->source, "credential_process of profile tool");
}

TEST_F(ProfileTest, StaticKeysWinOverCredentialProcess) {
  files("[profile both]\ncredential_process = /nonexistent\n",
        "[both]\naws_access_key_id = AKIDSTATIC\naws_secret_access_key = s\n");
  auto credentials = get("both");
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ((*credentials)->access_key_id, "AKIDSTATIC");
}

TEST_F(ProfileTest, WebIdentityProfile) {
  const std::string token = home.write("token", kWebIdentityToken);
  files(
      "[profile k8s]\nrole_arn = arn:aws:iam::111111111111:role/irsa\n"
      "web_identity_token_file = " +
      token + "\nrole_session_name = pod\nregion = us-west-2\n");
  world.fake.set_handler([](const HttpRequest&) {
    return response(200, sts_credentials_xml("AssumeRoleWithWebIdentity", "ASIAK8S", kAssumedSecret,
                                             kAssumedToken, "2024-01-15T13:00:00Z"));
  });
  auto credentials = get("k8s");
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ((*credentials)->access_key_id, "ASIAK8S");
  const HttpRequest sent = world.fake.requests().at(0);
  EXPECT_EQ(sent.url, "https://sts.us-west-2.amazonaws.com/");
  EXPECT_NE(sent.body.find("Action=AssumeRoleWithWebIdentity"), std::string::npos);
  EXPECT_NE(sent.body.find("RoleSessionName=pod"), std::string::npos);
}

TEST_F(ProfileTest, EnvironmentRegionBeatsProfileRegionForSts) {
  files(
      "[profile r]\nrole_arn = arn:aws:iam::111111111111:role/r\nsource_profile = k\n"
      "region = eu-west-3\n[profile k]\naws_access_key_id = K\naws_secret_access_key = s\n");
  world.env.set("AWS_REGION", "ca-central-1");
  ASSERT_TRUE(get("r"));
  EXPECT_EQ(world.fake.requests().at(0).url, "https://sts.ca-central-1.amazonaws.com/");
}

}  // namespace
}  // namespace smp::aws
