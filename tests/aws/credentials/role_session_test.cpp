#include "aws/role_session.hpp"

#include <gtest/gtest.h>

#include "credentials_test_support.hpp"

namespace smp::aws {
namespace {

TEST(RoleSession, ValidatesNames) {
  EXPECT_TRUE(validate_role_session_name("ab"));
  EXPECT_TRUE(validate_role_session_name("user+=,.@-_Name1"));
  EXPECT_TRUE(validate_role_session_name(std::string(64, 'x')));
  auto short_name = validate_role_session_name("a");
  ASSERT_FALSE(short_name);
  EXPECT_NE(short_name.error().message.find("2 to 64"), std::string::npos);
  EXPECT_FALSE(validate_role_session_name(std::string(65, 'x')));
  auto bad = validate_role_session_name("my session@x");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, "InvalidRoleSessionName");
  EXPECT_NE(bad.error().message.find("character 0x20 at position 3"), std::string::npos)
      << bad.error().message;
}

TEST(RoleSession, SanitizesUserInputIntoAValidName) {
  EXPECT_EQ(sanitize_role_session_name("my session/é"), "my-session---");
  EXPECT_EQ(sanitize_role_session_name(""), "--");
  EXPECT_EQ(sanitize_role_session_name("x"), "x-");
  EXPECT_EQ(sanitize_role_session_name(std::string(100, 'a')).size(), 64u);
  for (const char* input : {"", "a", "日本語", "tab\there", "ok.name@corp"}) {
    EXPECT_TRUE(validate_role_session_name(sanitize_role_session_name(input))) << input;
  }
}

TEST(RoleSession, DefaultNameCarriesModelTypeAndUnixTime) {
  const SystemTime t = testing::test_epoch();  // 1705320000
  EXPECT_EQ(default_role_session_name("llm", t), "sagemaker-provider-llm-1705320000");
  EXPECT_EQ(default_role_session_name("", t), "sagemaker-provider-1705320000");
  EXPECT_EQ(default_role_session_name("text embedding", t),
            "sagemaker-provider-text-embedding-1705320000");
  const std::string long_type = default_role_session_name(std::string(80, 'm'), t);
  EXPECT_EQ(long_type.size(), 64u);
  EXPECT_TRUE(long_type.ends_with("-1705320000"));
  EXPECT_TRUE(validate_role_session_name(long_type));
}

TEST(RoleSession, ExternalIdRulesWithoutEchoingTheValue) {
  EXPECT_TRUE(validate_external_id("ab"));
  EXPECT_TRUE(validate_external_id("externalId123_+=,.@:/-"));
  EXPECT_TRUE(validate_external_id(std::string(1224, 'e')));
  EXPECT_FALSE(validate_external_id(std::string(1225, 'e')));
  auto short_id = validate_external_id("e");
  ASSERT_FALSE(short_id);
  EXPECT_EQ(short_id.error().code, "InvalidExternalId");
  auto bad = validate_external_id("confidential value");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("position 13"), std::string::npos) << bad.error().message;
  EXPECT_EQ(bad.error().message.find("confidential"), std::string::npos);
}

TEST(RoleSession, DurationBounds) {
  EXPECT_TRUE(validate_duration_seconds(900));
  EXPECT_TRUE(validate_duration_seconds(43200));
  EXPECT_FALSE(validate_duration_seconds(899));
  auto too_long = validate_duration_seconds(43201);
  ASSERT_FALSE(too_long);
  EXPECT_NE(too_long.error().message.find("between 900"), std::string::npos);
}

}  // namespace
}  // namespace smp::aws
