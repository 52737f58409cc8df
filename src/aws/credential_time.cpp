#include "aws/credential_time.hpp"

#include <chrono>
#include <cstdio>

namespace smp::aws {
namespace {

// Reads exactly `width` digits at `pos`.
std::optional<int> read_digits(std::string_view text, size_t& pos, size_t width) {
  if (pos + width > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = 0; i < width; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += width;
  return value;
}

bool expect(std::string_view text, size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

std::optional<SystemTime> parse_iso8601_time(std::string_view text) {
  using namespace std::chrono;
  size_t pos = 0;
  const auto year = read_digits(text, pos, 4);
  if (!year || !expect(text, pos, '-')) return std::nullopt;
  const auto month = read_digits(text, pos, 2);
  if (!month || !expect(text, pos, '-')) return std::nullopt;
  const auto day = read_digits(text, pos, 2);
  if (!day || pos >= text.size()) return std::nullopt;
  const char separator = text[pos++];
  if (separator != 'T' && separator != 't' && separator != ' ') return std::nullopt;
  const auto hour = read_digits(text, pos, 2);
  if (!hour || !expect(text, pos, ':')) return std::nullopt;
  const auto minute = read_digits(text, pos, 2);
  if (!minute || !expect(text, pos, ':')) return std::nullopt;
  const auto second = read_digits(text, pos, 2);
  if (!second) return std::nullopt;

  nanoseconds fraction{0};
  if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
    ++pos;
    size_t digits = 0;
    long long scaled = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 9) scaled = scaled * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (size_t i = digits; i < 9; ++i)
      scaled *= 10;
    fraction = nanoseconds(scaled);
  }

  minutes offset{0};
  if (pos >= text.size()) return std::nullopt;
  const char zone = text[pos++];
  if (zone == 'Z' || zone == 'z') {
    // UTC
  } else if (zone == '+' || zone == '-') {
    const auto offset_hours = read_digits(text, pos, 2);
    if (!offset_hours) return std::nullopt;
    if (pos < text.size() && text[pos] == ':') ++pos;
    const auto offset_minutes = read_digits(text, pos, 2);
    if (!offset_minutes || *offset_hours > 23 || *offset_minutes > 59) return std::nullopt;
    offset = hours(*offset_hours) + minutes(*offset_minutes);
    if (zone == '-') offset = -offset;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;

  const year_month_day date{std::chrono::year(*year),
                            std::chrono::month(static_cast<unsigned>(*month)),
                            std::chrono::day(static_cast<unsigned>(*day))};
  // 60 is allowed for a leap second; it simply rolls over.
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  // The clock counts nanoseconds in 64 bits: about 1677 to 2262. A credential time outside
  // that cannot be represented, and no real one is.
  if (*year < 1678 || *year > 2261) return std::nullopt;
  const auto local = sys_days(date) + hours(*hour) + minutes(*minute) + seconds(*second);
  return time_point_cast<SystemTime::duration>(local - offset + fraction);
}

std::string format_iso8601_time(SystemTime time) {
  using namespace std::chrono;
  const auto whole = floor<seconds>(time);
  const auto days = floor<std::chrono::days>(whole);
  const year_month_day date{days};
  const hh_mm_ss clock{whole - days};
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<int>(clock.hours().count()),
                static_cast<int>(clock.minutes().count()),
                static_cast<int>(clock.seconds().count()));
  return buffer;
}

}  // namespace smp::aws
