#include "aws/arn.hpp"

#include <gtest/gtest.h>

namespace smp::aws {
namespace {

TEST(Arn, ParsesSixFieldsKeepingColonsInTheResource) {
  auto arn = parse_arn("arn:aws:logs:us-east-1:123456789012:log-group:/aws/sagemaker:*");
  ASSERT_TRUE(arn);
  EXPECT_EQ(arn->partition, "aws");
  EXPECT_EQ(arn->service, "logs");
  EXPECT_EQ(arn->region, "us-east-1");
  EXPECT_EQ(arn->account_id, "123456789012");
  EXPECT_EQ(arn->resource, "log-group:/aws/sagemaker:*");
  EXPECT_FALSE(parse_arn("arn:aws:iam::123456789012"));
  EXPECT_FALSE(parse_arn("nra:aws:iam::123456789012:role/x"));
  EXPECT_EQ(account_id_from_arn("arn:aws:sts::210987654321:assumed-role/demo/Bob"), "210987654321");
  EXPECT_EQ(account_id_from_arn("garbage"), "");
}

TEST(Arn, AcceptsRoleArnsInEveryPartitionWithPaths) {
  for (const char* good :
       {"arn:aws:iam::123456789012:role/demo",
        "arn:aws-cn:iam::123456789012:role/service-role/AmazonSageMaker-Exec",
        "arn:aws-us-gov:iam::123456789012:role/a/b/c/Name+=,.@_-",
        "arn:aws-iso-b:iam::123456789012:role/x1", "arn:aws-eusc:iam::123456789012:role/x1"}) {
    auto role = validate_role_arn(good);
    EXPECT_TRUE(role) << good << ": " << role.error().message;
  }
  auto role = validate_role_arn("arn:aws:iam::123456789012:role/path/to/Worker");
  ASSERT_TRUE(role);
  EXPECT_EQ(role->role_name, "Worker");
  EXPECT_EQ(role->path, "/path/to/");
}

TEST(Arn, RejectsWithAMessageNamingTheWrongPart) {
  struct Case {
    const char* arn;
    const char* says;
  };
  for (const Case& c : {
           Case{"", "it is empty"},
           Case{"role/demo", "must start with 'arn:'"},
           Case{"arn:aws:iam::123456789012", "six ':'-separated fields"},
           Case{"arn:aws-mars:iam::123456789012:role/x", "unknown partition 'aws-mars'"},
           Case{"arn:aws:sts::123456789012:assumed-role/demo/session",
                "the role is arn:aws:iam::123456789012:role/demo"},
           Case{"arn:aws:s3::123456789012:role/x", "the service must be 'iam'"},
           Case{"arn:aws:iam:us-east-1:123456789012:role/x", "the region field must be empty"},
           Case{"arn:aws:iam::12345678901:role/x", "the account id must be 12 digits"},
           Case{"arn:aws:iam::12345678901a:role/x", "the account id must be 12 digits"},
           Case{"arn:aws:iam::123456789012:user/x", "the resource must be role/NAME"},
           Case{"arn:aws:iam::123456789012:role/", "the role name is empty"},
           Case{"arn:aws:iam::123456789012:role/has space", "contains ' '"},
           Case{"arn:aws:iam::123456789012:role/a//b", "empty segment"},
       }) {
    auto role = validate_role_arn(c.arn);
    ASSERT_FALSE(role) << c.arn;
    EXPECT_EQ(role.error().code, "InvalidRoleArn");
    EXPECT_EQ(role.error().kind, ErrorKind::invalid_argument);
    EXPECT_NE(role.error().message.find(c.says), std::string::npos) << role.error().message;
  }
  auto long_name = validate_role_arn("arn:aws:iam::123456789012:role/" + std::string(65, 'a'));
  ASSERT_FALSE(long_name);
  EXPECT_NE(long_name.error().message.find("longer than 64"), std::string::npos);
}

}  // namespace
}  // namespace smp::aws
