#pragma once
// The daemon ⇄ plugin envelope (dify-plugin-protocol.md §2): newline-delimited JSON, the same on
// every transport. Parsing of the daemon's lines and rendering of ours, as pure functions.
//
// Daemon lines are Go-encoded: nulls for nil slices/maps, keys sorted, `<` `>` `&` escaped as
// \u003c…, new fields appearing over time. We use a real JSON parser and treat missing, null and
// empty alike. Our lines are compact single-line JSON ending in "\n".
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.hpp"

namespace smp::dify {

// The daemon's scanner limit for plugin → daemon lines (PLUGIN_RUNTIME_MAX_BUFFER_SIZE): a longer
// line makes the local daemon kill the plugin. We keep every line at most this long, newline
// included, and split what could grow past it (TTS audio, embedding batches).
inline constexpr std::size_t kMaxLineBytes = 5 * 1024 * 1024;
// Daemon → plugin lines are unbounded (hex audio, base64 images): we accept up to this much.
inline constexpr std::size_t kMaxInputLineBytes = 256 * 1024 * 1024;

// One `request` line from the daemon.
struct DaemonRequest {
  std::string session_id;
  std::string event;   // "request" (others are rejected by the runtime)
  std::string action;  // data.action
  std::string type;    // data.type ("model")
  boost::json::object data;
};

// The outcome of reading one daemon line: a request, a line to skip (blank), or an error. An
// error carries the session id when the line named one, so it can be answered as a session
// error (then `end`); otherwise it becomes an `error` event.
struct ParsedLine {
  std::optional<DaemonRequest> request;
  std::optional<Error> error;
  std::string session_id;  // known session of a failed line ("" when none)
  bool blank = false;
};

ParsedLine parse_daemon_line(std::string_view line);

// A session error as the daemon and Dify read it: {"error_type","message","args"}.
struct DifyError {
  std::string error_type;
  std::string message;
  std::vector<std::pair<std::string, std::string>> args;  // at most 10 are sent
};

inline constexpr std::size_t kMaxErrorArgs = 10;

// Rendered lines, each ending in "\n".
std::string heartbeat_line();
std::string session_stream_line(std::string_view session_id, const boost::json::value& data);
std::string session_end_line(std::string_view session_id);
std::string session_error_line(std::string_view session_id, const DifyError& error);
// {"event":"error","session_id":null,"data":{"error":message}}: not tied to a session, logged.
std::string error_event_line(std::string_view message);
// {"event":"log","session_id":null,"data":{"level","message","timestamp"}}.
std::string log_line(std::string_view level, std::string_view message, double timestamp);

// boost::json::serialize of an object, followed by "\n".
std::string render_line(const boost::json::value& value);

// Reads optional fields of a daemon `data` object: missing, null and empty are the same.
namespace field {
// A string field; numbers are not strings (wrong type → error naming the field).
Result<std::string> string(const boost::json::object& data, std::string_view key,
                           bool required = false);
// An array of strings (null/missing → empty).
Result<std::vector<std::string>> strings(const boost::json::object& data, std::string_view key);
// An object (null/missing → empty object).
Result<boost::json::object> object(const boost::json::object& data, std::string_view key);
// A number (integer or float; null/missing → nullopt).
Result<std::optional<double>> number(const boost::json::object& data, std::string_view key);
Result<std::optional<std::int64_t>> integer(const boost::json::object& data, std::string_view key);
Result<std::optional<bool>> boolean(const boost::json::object& data, std::string_view key);
}  // namespace field

}  // namespace smp::dify
