#include "aws/sigv4_time.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <limits>

namespace smp::aws {

namespace {

using namespace std::chrono;

constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> kWeekdays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2200;

struct Civil {
  int year, month, day, hour, minute, second;
};

Civil to_civil(SystemTime time) {
  const auto secs = floor<seconds>(time);
  const auto day = floor<days>(secs);
  const year_month_day ymd{day};
  const hh_mm_ss hms{secs - day};
  return {static_cast<int>(ymd.year()),
          static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day())),
          static_cast<int>(hms.hours().count()),
          static_cast<int>(hms.minutes().count()),
          static_cast<int>(hms.seconds().count())};
}

std::optional<SystemTime> from_civil(const Civil& c) {
  // Bounded so that the nanosecond time_point cannot overflow (it spans 1678..2262).
  if (c.year < kMinYear || c.year > kMaxYear) return std::nullopt;
  const year_month_day ymd{year{c.year}, month{static_cast<unsigned>(c.month)},
                           day{static_cast<unsigned>(c.day)}};
  if (!ymd.ok() || c.hour < 0 || c.hour > 23 || c.minute < 0 || c.minute > 59 || c.second < 0 ||
      c.second > 60) {
    return std::nullopt;
  }
  // A leap second (":60") is folded into the next second, as POSIX time does.
  return time_point_cast<SystemTime::duration>(sys_days{ymd} + hours{c.hour} + minutes{c.minute} +
                                               seconds{c.second});
}

void write_digits(char* out, int value, int width) {
  for (int i = width - 1; i >= 0; --i) {
    out[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

void append_digits(std::string& out, int value, int width) {
  char buf[8];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(buf, static_cast<std::size_t>(width));
}

// Reads exactly `width` decimal digits at `pos`; -1 when any is not a digit.
int read_digits(std::string_view text, std::size_t pos, std::size_t width) {
  if (pos + width > text.size()) return -1;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

AmzDateChars format_amz_date_chars(SystemTime time) {
  const Civil c = to_civil(time);
  AmzDateChars out;
  write_digits(&out[0], c.year, 4);
  write_digits(&out[4], c.month, 2);
  write_digits(&out[6], c.day, 2);
  out[8] = 'T';
  write_digits(&out[9], c.hour, 2);
  write_digits(&out[11], c.minute, 2);
  write_digits(&out[13], c.second, 2);
  out[15] = 'Z';
  return out;
}

}  // namespace

AmzDateChars amz_date_chars(SystemTime time) {
  // Every request of the same second signs with the same stamp: remember the last one per thread.
  struct Memo {
    std::int64_t second = std::numeric_limits<std::int64_t>::min();
    AmzDateChars chars{};
  };
  thread_local Memo memo;
  const std::int64_t second = floor<seconds>(time).time_since_epoch().count();
  if (second == memo.second) return memo.chars;
  memo.chars = format_amz_date_chars(time);
  memo.second = second;
  return memo.chars;
}

std::string format_amz_date(SystemTime time) {
  const AmzDateChars chars = amz_date_chars(time);
  return std::string(chars.data(), chars.size());
}

std::optional<SystemTime> parse_amz_date(std::string_view text) {
  if (text.size() != 16 || text[8] != 'T' || text[15] != 'Z') return std::nullopt;
  const Civil c{read_digits(text, 0, 4), read_digits(text, 4, 2),  read_digits(text, 6, 2),
                read_digits(text, 9, 2), read_digits(text, 11, 2), read_digits(text, 13, 2)};
  if (c.year < 0 || c.month < 0 || c.day < 0 || c.hour < 0 || c.minute < 0 || c.second < 0) {
    return std::nullopt;
  }
  return from_civil(c);
}

std::string format_http_date(SystemTime time) {
  const Civil c = to_civil(time);
  const weekday wd{floor<days>(time)};
  std::string out;
  out.reserve(29);
  out += kWeekdays[wd.c_encoding()];
  out += ", ";
  append_digits(out, c.day, 2);
  out += ' ';
  out += kMonths[static_cast<std::size_t>(c.month - 1)];
  out += ' ';
  append_digits(out, c.year, 4);
  out += ' ';
  append_digits(out, c.hour, 2);
  out += ':';
  append_digits(out, c.minute, 2);
  out += ':';
  append_digits(out, c.second, 2);
  out += " GMT";
  return out;
}

std::optional<SystemTime> parse_http_date(std::string_view text) {
  const auto trim_spaces = [&text] {
    while (!text.empty() && text.front() == ' ')
      text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
      text.remove_suffix(1);
  };
  trim_spaces();
  // Optional "Www, " prefix.
  if (const std::size_t comma = text.find(','); comma != std::string_view::npos) {
    if (comma != 3) return std::nullopt;
    text.remove_prefix(comma + 1);
    trim_spaces();
  }
  // "DD Mon YYYY HH:MM:SS ZONE"; a one-digit day is tolerated.
  std::size_t pos = 0;
  int day_value = read_digits(text, 0, 2);
  if (day_value >= 0) {
    pos = 2;
  } else {
    day_value = read_digits(text, 0, 1);
    pos = 1;
  }
  if (day_value < 0 || pos >= text.size() || text[pos] != ' ') return std::nullopt;
  ++pos;
  if (pos + 4 > text.size() || text[pos + 3] != ' ') return std::nullopt;
  const std::string_view month_name = text.substr(pos, 3);
  int month_value = 0;
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    if (kMonths[m] == month_name) month_value = static_cast<int>(m) + 1;
  }
  if (month_value == 0) return std::nullopt;
  pos += 4;
  const int year_value = read_digits(text, pos, 4);
  pos += 4;
  if (year_value < 0 || pos >= text.size() || text[pos] != ' ') return std::nullopt;
  ++pos;
  const int hour_value = read_digits(text, pos, 2);
  const int minute_value = read_digits(text, pos + 3, 2);
  const int second_value = read_digits(text, pos + 6, 2);
  if (hour_value < 0 || minute_value < 0 || second_value < 0 || text[pos + 2] != ':' ||
      text[pos + 5] != ':') {
    return std::nullopt;
  }
  pos += 8;
  const std::string_view zone = text.substr(pos);
  if (zone != " GMT" && zone != " UTC" && zone != " +0000" && zone != " Z") return std::nullopt;
  return from_civil({year_value, month_value, day_value, hour_value, minute_value, second_value});
}

}  // namespace smp::aws
