// X-Amz-Date stamps and RFC 1123 dates.
#include "aws/sigv4_time.hpp"

#include <gtest/gtest.h>

#include <random>

namespace smp::aws {
namespace {

using namespace std::chrono;

SystemTime unix_seconds(std::int64_t s) {
  return SystemTime(seconds(s));
}

TEST(SigV4Time, FormatsAmzDate) {
  EXPECT_EQ(format_amz_date(unix_seconds(1440938160)), "20150830T123600Z");
  EXPECT_EQ(format_amz_date(unix_seconds(0)), "19700101T000000Z");
  // Sub-second parts are truncated, not rounded.
  EXPECT_EQ(format_amz_date(unix_seconds(1705320000) + milliseconds(999)), "20240115T120000Z");
  EXPECT_EQ(format_amz_date(unix_seconds(951782400)), "20000229T000000Z");
}

TEST(SigV4Time, ParsesAmzDate) {
  EXPECT_EQ(parse_amz_date("20150830T123600Z"), unix_seconds(1440938160));
  EXPECT_EQ(parse_amz_date("20000229T235959Z"), unix_seconds(951868799));
  for (const char* bad :
       {"", "20150830T123600", "20150830T123600z", "2015-08-30T12:36:00Z", "20151330T123600Z",
        "20150230T123600Z", "20190229T000000Z", "20150830T243600Z", "20150830T126000Z",
        "2015083OT123600Z", "20150830X123600Z", "20150830T123600ZZ", "+0150830T123600Z"}) {
    EXPECT_EQ(parse_amz_date(bad), std::nullopt) << bad;
  }
}

TEST(SigV4Time, AmzDateRoundTrips) {
  std::mt19937_64 rng(5);
  for (int i = 0; i < 1000; ++i) {
    const SystemTime t = unix_seconds(static_cast<std::int64_t>(rng() % 4102444800ULL));
    EXPECT_EQ(parse_amz_date(format_amz_date(t)), t);
    EXPECT_EQ(parse_http_date(format_http_date(t)), t);
  }
}

TEST(SigV4Time, HttpDates) {
  EXPECT_EQ(format_http_date(unix_seconds(784111777)), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(format_http_date(unix_seconds(1705320000)), "Mon, 15 Jan 2024 12:00:00 GMT");
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), unix_seconds(784111777));
  EXPECT_EQ(parse_http_date("06 Nov 1994 08:49:37 GMT"), unix_seconds(784111777));
  EXPECT_EQ(parse_http_date("Sun, 6 Nov 1994 08:49:37 UTC"), unix_seconds(784111777));
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 +0000"), unix_seconds(784111777));
  EXPECT_EQ(parse_http_date(" Sun, 06 Nov 1994 08:49:37 GMT "), unix_seconds(784111777));
  for (const char* bad :
       {"", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994", "Sun, 06 Nov 1994",
        "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 06 Nox 1994 08:49:37 GMT",
        "Sun, 31 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37",
        "Sun, 06 Nov 1994 8:49:37 GMT", "Sun, 06 Nov 1994 08-49-37 GMT", "20150830T123600Z"}) {
    EXPECT_EQ(parse_http_date(bad), std::nullopt) << bad;
  }
}

// amz_date_chars remembers the last second per thread: moving back and forth, and within a
// second, must always give the stamp of the time asked for.
TEST(SigV4Time, StampsFollowTheTimeAskedForInAnyOrder) {
  const SystemTime base = *parse_amz_date("20240115T120000Z");
  const auto stamp = [](SystemTime t) {
    const AmzDateChars chars = amz_date_chars(t);
    return std::string(chars.data(), chars.size());
  };
  EXPECT_EQ(stamp(base), "20240115T120000Z");
  EXPECT_EQ(stamp(base + std::chrono::milliseconds(999)), "20240115T120000Z");
  EXPECT_EQ(stamp(base + std::chrono::seconds(1)), "20240115T120001Z");
  EXPECT_EQ(stamp(base), "20240115T120000Z");
  EXPECT_EQ(stamp(base - std::chrono::milliseconds(1)), "20240115T115959Z");
  EXPECT_EQ(stamp(base + std::chrono::hours(24 * 366)), "20250115T120000Z");
}

}  // namespace
}  // namespace smp::aws
