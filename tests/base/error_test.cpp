#include "base/error.hpp"

#include <gtest/gtest.h>

#include "base/environment.hpp"
#include "base/http_message.hpp"

namespace smp {
namespace {

TEST(Error, DescribeNamesCodeStatusAndRequestId) {
  Error e = Error::make(ErrorKind::not_found, "ValidationError",
                        "Endpoint x of account 123456789012 not found.");
  e.http_status = 400;
  e.request_id = "req-1";
  EXPECT_EQ(e.describe(),
            "Endpoint x of account 123456789012 not found. (code: ValidationError, HTTP 400, "
            "request id: req-1)");
}

TEST(Error, DetailsKeepInsertionOrderAndLookUp) {
  Error e = Error::make(ErrorKind::model, "ModelError", "boom");
  e.with_detail("OriginalStatusCode", "500").with_detail("LogStreamArn", "arn:x");
  ASSERT_NE(e.detail("LogStreamArn"), nullptr);
  EXPECT_EQ(*e.detail("LogStreamArn"), "arn:x");
  EXPECT_EQ(e.detail("missing"), nullptr);
  EXPECT_EQ(e.details.front().first, "OriginalStatusCode");
}

TEST(Headers, CaseInsensitiveLookupAndReplace) {
  Headers h;
  h.add("Content-Type", "a");
  h.add("X-Amz-Date", "b");
  EXPECT_EQ(h.get("content-type"), "a");
  h.set("CONTENT-TYPE", "c");
  EXPECT_EQ(h.size(), 2u);
  EXPECT_EQ(h.get("Content-Type"), "c");
  h.remove("x-amz-date");
  EXPECT_FALSE(h.contains("X-Amz-Date"));
}

TEST(MapEnvironment, EmptyValueCountsAsUnset) {
  MapEnvironment env{{"A", "1"}, {"B", ""}};
  EXPECT_EQ(env.get("A"), "1");
  EXPECT_FALSE(env.get("B"));
  EXPECT_FALSE(env.get("C"));
}

}  // namespace
}  // namespace smp
