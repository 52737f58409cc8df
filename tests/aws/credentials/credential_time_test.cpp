#include "aws/credential_time.hpp"

#include <gtest/gtest.h>

namespace smp::aws {
namespace {

using namespace std::chrono;

SystemTime utc(int y, unsigned m, unsigned d, int hh, int mm, int ss) {
  return sys_days(year(y) / month(m) / day(d)) + hours(hh) + minutes(mm) + seconds(ss);
}

TEST(CredentialTime, ParsesStsExpirationWithMilliseconds) {
  auto t = parse_iso8601_time("2011-07-15T23:28:33.359Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(*t, utc(2011, 7, 15, 23, 28, 33) + milliseconds(359));
}

TEST(CredentialTime, ParsesOffsetsAndLenientSeparators) {
  EXPECT_EQ(*parse_iso8601_time("2024-01-15T13:00:00+01:00"), utc(2024, 1, 15, 12, 0, 0));
  EXPECT_EQ(*parse_iso8601_time("2024-01-15T11:30:00-0030"), utc(2024, 1, 15, 12, 0, 0));
  EXPECT_EQ(*parse_iso8601_time("2024-01-15 12:00:00z"), utc(2024, 1, 15, 12, 0, 0));
  EXPECT_EQ(*parse_iso8601_time("2024-01-15t12:00:00.123456789123Z"),
            utc(2024, 1, 15, 12, 0, 0) + nanoseconds(123456789));
}

TEST(CredentialTime, RejectsMissingZoneAndGarbage) {
  for (const char* bad :
       {"", "2024-01-15T12:00:00", "2024-01-15", "2024-13-01T00:00:00Z", "2024-02-30T00:00:00Z",
        "2024-01-15T24:00:00Z", "2024-01-15T12:00:00.Z", "2024-01-15T12:00:00Zjunk",
        "x024-01-15T12:00:00Z", "2024-01-15T12:00:00+25:00", "1705320000"}) {
    EXPECT_FALSE(parse_iso8601_time(bad)) << bad;
  }
}

TEST(CredentialTime, TimesTheClockCannotHoldAreRefused) {
  // 64-bit nanoseconds since 1970 end in 2262 and begin in 1677 (found by fuzzing under UBSan).
  EXPECT_FALSE(parse_iso8601_time("2424-01-01T00:00:00Z"));
  EXPECT_FALSE(parse_iso8601_time("0211-03-01T00:00:00Z"));
  EXPECT_FALSE(parse_iso8601_time("9999-12-31T23:59:59Z"));
  EXPECT_TRUE(parse_iso8601_time("2261-12-31T23:59:59Z"));
}

TEST(CredentialTime, FormatRoundTrips) {
  const SystemTime t = utc(2024, 1, 15, 12, 0, 0);
  EXPECT_EQ(format_iso8601_time(t), "2024-01-15T12:00:00Z");
  EXPECT_EQ(parse_iso8601_time(format_iso8601_time(t + milliseconds(999))), t);
}

}  // namespace
}  // namespace smp::aws
