#pragma once
// Reading container replies as JSON without letting anything escape: every parse failure and
// every shape mismatch becomes an smp::Error that names the format, says what was expected and
// what was found, and quotes the first 200 bytes of the body.
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace smp::models {

inline constexpr std::size_t kExcerptBytes = 200;

// The first `max_bytes` bytes of `bytes`, cut back to a UTF-8 character boundary so the excerpt
// stays valid text in logs and JSON error bodies.
std::string excerpt(std::string_view bytes, std::size_t max_bytes = kExcerptBytes);

// "an object with keys [error, error_type]", "an array of 3 elements", "a string", "a number"...
std::string describe_shape(const boost::json::value& value);

// protocol error: "<what>: expected <expected>, got <shape of found>" with the body excerpt.
Error unexpected_shape(std::string_view what, std::string_view expected,
                       const boost::json::value& found, std::string_view body);
// protocol error for a reply that breaks its format in a way describe_shape cannot show.
Error unexpected_reply(std::string_view what, std::string_view problem, std::string_view body);

// The message of an error reply a container sends with HTTP 200 or inside a stream:
// {"error":"…"}, {"error":{"message":"…"}}, {"object":"error","message":"…"} (vLLM),
// {"code":424,"message":"…"}/{"code":400,"type":"…","message":"…"} (LMI/DJL).
// nullopt when the value does not look like an error.
std::optional<std::string> container_error_message(const boost::json::value& value);
// model error: "<what>: the container reported an error: <message>" with the body excerpt.
Error container_error(std::string_view what, std::string_view message, std::string_view body);
// model error for an error that arrives inside a stream (HTTP was 200): it ends the stream, so
// the answer is never silently truncated.
Error container_stream_error(std::string_view what, std::string_view message,
                             std::string_view record);

// Parses one JSON text. The parser and its memory are reused from call to call, so decoding a
// stream of small records allocates almost nothing. The returned value lives until the next
// parse() call on the same JsonParser.
class JsonParser {
 public:
  JsonParser();
  JsonParser(const JsonParser&) = delete;
  JsonParser& operator=(const JsonParser&) = delete;

  // `what` names the format in the error ("openai chat stream record").
  Result<const boost::json::value*> parse(std::string_view text, std::string_view what);

 private:
  // A fresh arena per parse over a fixed first block: small records never touch the heap, and
  // a large one's extra blocks are freed at the next parse. (Boost's monotonic_resource keeps
  // doubling its next block size across release(), so it is rebuilt rather than released.)
  alignas(std::max_align_t) unsigned char first_block_[8192];
  std::optional<boost::json::monotonic_resource> memory_;
  boost::json::parser parser_;
  std::optional<boost::json::value> value_;
};

// Parses a whole body into a value with its own storage (for non-stream replies).
Result<boost::json::value> parse_json(std::string_view text, std::string_view what);

// Small lookups that keep the parsers readable.
const boost::json::value* find(const boost::json::value& object, std::string_view key);
// The string at `key`, or an empty view when absent, null or not a string.
std::string_view string_at(const boost::json::value& object, std::string_view key);
// A JSON number (integer or floating) as double.
std::optional<double> number_of(const boost::json::value& value);
std::optional<std::int64_t> integer_at(const boost::json::value& object, std::string_view key);

}  // namespace smp::models
