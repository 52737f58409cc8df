#include "dify/protocol.hpp"

#include <fmt/format.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>

namespace smp::dify {

namespace json = boost::json;

namespace {

// Untrusted bytes for an error message: printable ASCII as is, everything else as \xNN. (fmt's
// "{:?}" asserts on some invalid UTF-8 in fmt 9.)
std::string printable_excerpt(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (const char c : bytes) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7F && c != '"' && c != '\\') {
      out += c;
    } else {
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[u >> 4];
      out += hex[u & 0xF];
    }
  }
  return out;
}

Error bad_line(std::string code, std::string message) {
  return Error::make(ErrorKind::invalid_argument, std::move(code), std::move(message));
}

std::string_view kind_name(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "a number";
    case json::kind::string:
      return "a string";
    case json::kind::array:
      return "an array";
    case json::kind::object:
      return "an object";
  }
  return "a value";
}

Error wrong_type(std::string_view key, std::string_view wanted, const json::value& got) {
  return bad_line("InvalidField",
                  fmt::format("field '{}': expected {}, got {}", key, wanted, kind_name(got)));
}

const json::value* find(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return nullptr;
  return &it->value();
}

}  // namespace

ParsedLine parse_daemon_line(std::string_view line) {
  ParsedLine out;
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
    line.remove_suffix(1);
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t'))
    line.remove_prefix(1);
  if (line.empty()) {
    out.blank = true;
    return out;
  }
  boost::system::error_code ec;
  json::value value = json::parse(line, ec);
  if (ec) {
    out.error = bad_line(
        "InvalidJson", fmt::format("line is not JSON ({}), {} bytes starting \"{}\"", ec.message(),
                                   line.size(), printable_excerpt(line.substr(0, 80))));
    return out;
  }
  if (!value.is_object()) {
    out.error = bad_line("InvalidMessage",
                         fmt::format("line is {}, expected a JSON object", kind_name(value)));
    return out;
  }
  const auto& o = value.get_object();
  if (const auto* sid = find(o, "session_id"); sid && sid->is_string())
    out.session_id = std::string(sid->get_string());
  if (out.session_id.empty()) {
    out.error = bad_line("MissingSessionId", "message has no session_id string");
    return out;
  }
  const auto* event = find(o, "event");
  if (!event || !event->is_string()) {
    out.error = bad_line("MissingEvent", "message has no event string");
    return out;
  }
  DaemonRequest request;
  request.session_id = out.session_id;
  request.event = std::string(event->get_string());
  if (request.event != "request") {
    // Not a session we were asked to open (backwards_response belongs to plugin-initiated
    // invocations, which we never make): an error event, never a session message.
    out.session_id.clear();
    out.error = bad_line(
        "UnsupportedEvent",
        fmt::format("event '{}' is not supported (only 'request')", request.event.substr(0, 64)));
    return out;
  }
  const auto* data = find(o, "data");
  if (!data || !data->is_object()) {
    out.error = data ? wrong_type("data", "an object", *data)
                     : bad_line("MissingData", "request has no data object");
    return out;
  }
  // Moved, not copied: a speech-to-text request carries tens of MB of hex.
  request.data = std::move(value.get_object()["data"].get_object());
  if (const auto* action = find(request.data, "action"); action && action->is_string())
    request.action = std::string(action->get_string());
  if (request.action.empty()) {
    out.error = bad_line("MissingAction", "request data has no action string");
    return out;
  }
  if (const auto* type = find(request.data, "type"); type && type->is_string())
    request.type = std::string(type->get_string());
  out.request = std::move(request);
  return out;
}

std::string render_line(const json::value& value) {
  std::string line = json::serialize(value);
  line += '\n';
  return line;
}

namespace {
std::string session_line(std::string_view session_id, std::string_view type, json::value data) {
  json::object inner;
  inner["type"] = type;
  inner["data"] = std::move(data);
  json::object outer;
  outer["event"] = "session";
  outer["session_id"] = session_id;
  outer["data"] = std::move(inner);
  return render_line(outer);
}
}  // namespace

std::string heartbeat_line() {
  return "{\"event\":\"heartbeat\",\"session_id\":null,\"data\":{}}\n";
}

std::string session_stream_line(std::string_view session_id, const json::value& data) {
  return session_line(session_id, "stream", data);
}

std::string session_end_line(std::string_view session_id) {
  return session_line(session_id, "end", json::object{});
}

std::string session_error_line(std::string_view session_id, const DifyError& error) {
  json::object data;
  data["error_type"] = error.error_type;
  data["message"] = error.message;
  json::object args;
  for (const auto& [key, value] : error.args) {
    if (args.size() >= kMaxErrorArgs) break;
    args[key] = value;
  }
  data["args"] = std::move(args);
  return session_line(session_id, "error", std::move(data));
}

std::string error_event_line(std::string_view message) {
  json::object data;
  data["error"] = message;
  json::object o;
  o["event"] = "error";
  o["session_id"] = nullptr;
  o["data"] = std::move(data);
  return render_line(o);
}

std::string log_line(std::string_view level, std::string_view message, double timestamp) {
  json::object data;
  data["level"] = level;
  data["message"] = message;
  data["timestamp"] = timestamp;
  json::object o;
  o["event"] = "log";
  o["session_id"] = nullptr;
  o["data"] = std::move(data);
  return render_line(o);
}

namespace field {

Result<std::string> string(const json::object& data, std::string_view key, bool required) {
  const auto* v = find(data, key);
  if (!v) {
    if (required) return fail(bad_line("MissingField", fmt::format("field '{}' is required", key)));
    return std::string();
  }
  if (!v->is_string()) return fail(wrong_type(key, "a string", *v));
  if (required && v->get_string().empty())
    return fail(bad_line("MissingField", fmt::format("field '{}' must not be empty", key)));
  return std::string(v->get_string());
}

Result<std::vector<std::string>> strings(const json::object& data, std::string_view key) {
  std::vector<std::string> out;
  const auto* v = find(data, key);
  if (!v) return out;
  if (!v->is_array()) return fail(wrong_type(key, "an array of strings", *v));
  out.reserve(v->get_array().size());
  for (const auto& item : v->get_array()) {
    if (!item.is_string())
      return fail(wrong_type(fmt::format("{}[{}]", key, out.size()), "a string", item));
    out.emplace_back(item.get_string());
  }
  return out;
}

Result<json::object> object(const json::object& data, std::string_view key) {
  const auto* v = find(data, key);
  if (!v) return json::object{};
  if (!v->is_object()) return fail(wrong_type(key, "an object", *v));
  return v->get_object();
}

Result<std::optional<double>> number(const json::object& data, std::string_view key) {
  const auto* v = find(data, key);
  if (!v) return std::optional<double>{};
  if (v->is_int64()) return std::optional<double>(static_cast<double>(v->get_int64()));
  if (v->is_uint64()) return std::optional<double>(static_cast<double>(v->get_uint64()));
  if (v->is_double()) return std::optional<double>(v->get_double());
  return fail(wrong_type(key, "a number", *v));
}

Result<std::optional<std::int64_t>> integer(const json::object& data, std::string_view key) {
  const auto* v = find(data, key);
  if (!v) return std::optional<std::int64_t>{};
  if (v->is_int64()) return std::optional<std::int64_t>(v->get_int64());
  if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return std::optional<std::int64_t>(static_cast<std::int64_t>(v->get_uint64()));
  // Python and JavaScript clients write 512.0 for an integer parameter now and then.
  if (v->is_double() && std::isfinite(v->get_double()) &&
      v->get_double() == std::floor(v->get_double()) && std::fabs(v->get_double()) < 9e15)
    return std::optional<std::int64_t>(static_cast<std::int64_t>(v->get_double()));
  return fail(wrong_type(key, "an integer", *v));
}

Result<std::optional<bool>> boolean(const json::object& data, std::string_view key) {
  const auto* v = find(data, key);
  if (!v) return std::optional<bool>{};
  if (!v->is_bool()) return fail(wrong_type(key, "a boolean", *v));
  return std::optional<bool>(v->get_bool());
}

}  // namespace field

}  // namespace smp::dify
