#pragma once
// The two time formats around SigV4: the basic ISO 8601 stamp of X-Amz-Date ("20150830T123600Z",
// aws-wire.md §3.1) and the RFC 1123 date of the HTTP Date header, which servers send and which
// clock-skew correction reads (§3.6). Pure functions, no locale, no time zone database.
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.hpp"

namespace smp::aws {

// "YYYYMMDDTHHMMSSZ" in UTC; sub-second parts are dropped (truncated, like every SDK).
std::string format_amz_date(SystemTime time);
// The same 16 characters in a fixed buffer: 16 is one past what std::string keeps inline, and the
// signer's hot path avoids the heap where it can.
using AmzDateChars = std::array<char, 16>;
AmzDateChars amz_date_chars(SystemTime time);
// Exactly 16 characters in that form, with a valid calendar date and time in the years
// 1900..2200; nullopt otherwise.
std::optional<SystemTime> parse_amz_date(std::string_view text);

// "Sun, 30 Aug 2015 12:36:00 GMT".
std::string format_http_date(SystemTime time);
// RFC 1123 as servers send it ("GMT", "UTC" or "+0000" as the zone); the weekday is optional and
// not checked against the date. Years 1900..2200. nullopt for anything else.
std::optional<SystemTime> parse_http_date(std::string_view text);

}  // namespace smp::aws
