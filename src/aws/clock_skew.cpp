#include "aws/clock_skew.hpp"

#include <algorithm>

#include "aws/sigv4_time.hpp"

namespace smp::aws {

namespace {

bool contains_ignoring_case(std::string_view text, std::string_view needle) {
  const auto it =
      std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
        return iequals({&a, 1}, {&b, 1});
      });
  return it != text.end();
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

}  // namespace

bool ClockSkew::adjust(SystemTime server_time, SystemTime local_time) {
  const auto corrected = local_time + std::chrono::duration_cast<SystemTime::duration>(offset());
  const auto off_by = server_time - corrected;
  if (off_by <= kClockSkewThreshold && off_by >= -kClockSkewThreshold) return false;
  set_offset(std::chrono::duration_cast<std::chrono::nanoseconds>(server_time - local_time));
  return true;
}

ClockSkew& ClockSkew::process_wide() {
  static ClockSkew skew;
  return skew;
}

bool is_skew_error(std::string_view code, std::string_view message) {
  if (code == "RequestTimeTooSkewed" || code == "RequestExpired" || code == "RequestInTheFuture" ||
      code == "InvalidSignature") {
    return true;
  }
  if (code == "InvalidSignatureException" || code == "SignatureDoesNotMatch") {
    return contains_ignoring_case(message, "Signature expired") ||
           contains_ignoring_case(message, "not yet current");
  }
  return false;
}

std::optional<SystemTime> server_time_from(const HttpResponse& response) {
  if (const auto amz_date = response.headers.get("x-amz-date")) {
    if (const auto time = parse_amz_date(trim(*amz_date))) return time;
  }
  if (const auto date = response.headers.get("Date")) return parse_http_date(*date);
  return std::nullopt;
}

}  // namespace smp::aws
