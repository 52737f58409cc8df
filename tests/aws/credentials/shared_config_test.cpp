#include "aws/shared_config.hpp"

#include <gtest/gtest.h>

#include "aws/endpoints.hpp"
#include "credentials_test_support.hpp"

namespace smp::aws {
namespace {

using testing::TempDir;

TEST(SharedConfig, PathsFollowHomeAndOverrides) {
  MapEnvironment env{{"HOME", "/home/u"}};
  SharedConfigFiles files = shared_config_files(env);
  EXPECT_EQ(files.config_path, "/home/u/.aws/config");
  EXPECT_EQ(files.credentials_path, "/home/u/.aws/credentials");
  env.set("AWS_CONFIG_FILE", "~/custom/config");
  env.set("AWS_SHARED_CREDENTIALS_FILE", "/etc/creds");
  files = shared_config_files(env);
  EXPECT_EQ(files.config_path, "/home/u/custom/config");
  EXPECT_EQ(files.credentials_path, "/etc/creds");
}

TEST(SharedConfig, ProfilePrefixRulesPerFile) {
  auto config = parse_shared_config(
      "[default]\nregion = us-east-1\n"
      "[profile dev]\nregion = eu-west-1\n"
      "[dev-without-prefix]\nregion = nowhere\n"
      "[sso-session corp]\nsso_region = us-east-1\n"
      "[profileX]\nregion = nowhere\n",
      "[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = s\n"
      "[profile ignored]\naws_access_key_id = AKIDX\n"
      "[creds-only]\naws_access_key_id = AKIDC\n",
      {"/h/.aws/config", "/h/.aws/credentials"});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->profile_names(), "creds-only, default, dev");
  const Profile* dev = config->find("dev");
  ASSERT_NE(dev, nullptr);
  // Merged: region from the config file, keys from the credentials file.
  EXPECT_EQ(dev->get("region"), "eu-west-1");
  EXPECT_EQ(dev->get("aws_access_key_id"), "AKIDDEV");
  EXPECT_EQ(config->find("ignored"), nullptr);
  EXPECT_EQ(config->find("profile ignored"), nullptr);
  EXPECT_EQ(config->find("dev-without-prefix"), nullptr);
  EXPECT_EQ(config->find("profileX"), nullptr);
  ASSERT_EQ(config->sso_sessions.count("corp"), 1u);
  // Each ignored section is explained.
  ASSERT_EQ(config->warnings.size(), 3u);
  EXPECT_NE(config->warnings[0].find("[dev-without-prefix]"), std::string::npos);
  EXPECT_NE(config->warnings[2].find("[profile ignored]"), std::string::npos);
}

TEST(SharedConfig, CredentialsFileWinsForTheSameKey) {
  auto config = parse_shared_config("[default]\naws_access_key_id = FROMCONFIG\n",
                                    "[default]\naws_access_key_id = FROMCREDENTIALS\n", {});
  ASSERT_TRUE(config);
  EXPECT_EQ(config->find("default")->get("aws_access_key_id"), "FROMCREDENTIALS");
}

TEST(SharedConfig, PrefixedDefaultBeatsBareDefaultWhateverTheOrder) {
  auto config = parse_shared_config(
      "[profile default]\nregion = from-prefixed\n[default]\nregion = from-bare\n", "", {});
  ASSERT_TRUE(config);
  EXPECT_EQ(config->find("default")->get("region"), "from-prefixed");
  ASSERT_EQ(config->warnings.size(), 1u);
}

TEST(SharedConfig, EmptyValueIsUnsetAndNamesAreCaseSensitive) {
  auto config = parse_shared_config("[profile Dev]\nregion =\n", "", {});
  ASSERT_TRUE(config);
  EXPECT_EQ(config->find("dev"), nullptr);
  ASSERT_NE(config->find("Dev"), nullptr);
  EXPECT_FALSE(config->find("Dev")->get("region"));
}

TEST(SharedConfig, MissingProfileNamesFilesAndExistingProfiles) {
  auto config = parse_shared_config("[profile a]\n[profile b]\n[stray]\n", "", {"/c", "/k"});
  ASSERT_TRUE(config);
  Error e = config->profile_not_found("prod");
  EXPECT_EQ(e.code, "ProfileNotFound");
  EXPECT_EQ(e.kind, ErrorKind::auth);
  EXPECT_NE(e.message.find("profile 'prod' not found in /c"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("/k"), std::string::npos);
  EXPECT_NE(e.message.find("profiles that exist: a, b"), std::string::npos);
  EXPECT_NE(e.message.find("[stray]"), std::string::npos);
}

TEST(SharedConfig, LoadsFromHomeAndReportsMissingFiles) {
  TempDir home;
  home.write(".aws/config", "[profile dev]\nregion = ap-south-1\n");
  MapEnvironment env{{"HOME", home.str()}};
  auto config = load_shared_config(env);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_TRUE(config->config_found);
  EXPECT_FALSE(config->credentials_found);
  EXPECT_EQ(config->find("dev")->get("region"), "ap-south-1");
  EXPECT_NE(config->profile_not_found("x").message.find("credentials (missing)"),
            std::string::npos);
}

TEST(SharedConfig, MalformedFileIsAnErrorWithLine) {
  TempDir home;
  home.write(".aws/credentials", "[default]\naws_access_key_id\n");
  MapEnvironment env{{"HOME", home.str()}};
  auto config = load_shared_config(env);
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find(home.str() + "/.aws/credentials line 2"), std::string::npos)
      << config.error().message;
}

TEST(SharedConfig, UnreadableFileIsAnError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads any file";
  TempDir home;
  home.write(".aws/config", "[default]\n", std::filesystem::perms::none);
  MapEnvironment env{{"HOME", home.str()}};
  auto config = load_shared_config(env);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().code, "CredentialFileUnreadable");
}

TEST(SharedConfig, SelectedProfileOrder) {
  MapEnvironment env;
  EXPECT_EQ(selected_profile_name(env), "default");
  EXPECT_FALSE(profile_explicitly_selected(env));
  env.set("AWS_DEFAULT_PROFILE", "legacy");
  EXPECT_EQ(selected_profile_name(env), "legacy");
  env.set("AWS_PROFILE", "modern");
  EXPECT_EQ(selected_profile_name(env), "modern");
  EXPECT_TRUE(profile_explicitly_selected(env));
}

TEST(SharedConfig, ProfileRegionFollowsTheSelectedProfile) {
  TempDir home;
  home.write(".aws/config", "[default]\nregion = eu-north-1\n[profile p]\nregion = sa-east-1\n");
  MapEnvironment env{{"HOME", home.str()}};
  EXPECT_EQ(*profile_region(env), "eu-north-1");
  EXPECT_EQ(*profile_region(env, "p"), "sa-east-1");
  EXPECT_EQ(*profile_region(env, "nope"), std::nullopt);
  env.set("AWS_PROFILE", "p");
  EXPECT_EQ(*profile_region(env), "sa-east-1");
  // The environment's region is endpoints.hpp's business (it outranks the profile there).
  env.set("AWS_REGION", "us-west-2");
  EXPECT_EQ(*profile_region(env), "sa-east-1");
  EXPECT_EQ(resolve_region("", env, **profile_region(env))->region, "us-west-2");
}

TEST(SharedConfig, ProfileRegionOfABrokenConfigIsAnError) {
  TempDir home;
  home.write(".aws/config", "[default]\nthis line is not a key\n");
  MapEnvironment env{{"HOME", home.str()}};
  EXPECT_FALSE(profile_region(env).has_value());
}

}  // namespace
}  // namespace smp::aws
