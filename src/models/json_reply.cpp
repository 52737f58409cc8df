#include "models/json_reply.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdint>

namespace smp::models {
namespace {

namespace json = boost::json;

json::parse_options container_parse_options() {
  json::parse_options options;
  options.max_depth = 64;  // tool schemas nest deeper than Boost's default of 32
  return options;
}

std::string plural(std::size_t n, std::string_view noun) {
  return std::to_string(n) + " " + std::string(noun) + (n == 1 ? "" : "s");
}

}  // namespace

std::string excerpt(std::string_view bytes, std::size_t max_bytes) {
  if (bytes.size() <= max_bytes) return std::string(bytes);
  std::size_t cut = max_bytes;
  // Step back over continuation bytes (10xxxxxx) so the cut lands on a character start.
  while (cut > 0 && (static_cast<unsigned char>(bytes[cut]) & 0xC0) == 0x80)
    --cut;
  return std::string(bytes.substr(0, cut)) + "…";
}

std::string describe_shape(const json::value& value) {
  switch (value.kind()) {
    case json::kind::object: {
      const auto& object = value.get_object();
      if (object.empty()) return "an empty object";
      std::string keys;
      std::size_t shown = 0;
      for (const auto& entry : object) {
        if (shown == 8) {
          keys += ", …";
          break;
        }
        if (shown++ != 0) keys += ", ";
        keys += entry.key();
      }
      return "an object with keys [" + keys + "]";
    }
    case json::kind::array: {
      const auto& array = value.get_array();
      if (array.empty()) return "an empty array";
      return "an array of " + plural(array.size(), "element") + " (the first is " +
             describe_shape(array.front()) + ")";
    }
    case json::kind::string:
      return "a string";
    case json::kind::bool_:
      return "a boolean";
    case json::kind::null:
      return "null";
    default:
      return "a number";
  }
}

Error unexpected_reply(std::string_view what, std::string_view problem, std::string_view body) {
  Error e = Error::make(ErrorKind::protocol, "UnexpectedContainerReply",
                        std::string(what) + ": " + std::string(problem));
  e.with_detail("body", excerpt(body));
  return e;
}

Error unexpected_shape(std::string_view what, std::string_view expected, const json::value& found,
                       std::string_view body) {
  return unexpected_reply(
      what, "expected " + std::string(expected) + ", got " + describe_shape(found), body);
}

std::optional<std::string> container_error_message(const json::value& value) {
  const auto* object = value.if_object();
  if (object == nullptr) return std::nullopt;
  if (const auto* error = object->if_contains("error"); error != nullptr && !error->is_null()) {
    if (error->is_string()) return std::string(error->get_string());
    if (error->is_object()) {
      std::string_view message = string_at(*error, "message");
      if (!message.empty()) return std::string(message);
    }
    return json::serialize(*error);
  }
  std::string_view message = string_at(value, "message");
  if (string_at(value, "object") == "error") return std::string(message);
  // LMI/DJL errors: {"code":424,"message":"…"} or {"code":400,"type":"TranslateException",…}.
  if (const auto code = integer_at(value, "code"); code && *code >= 400 && !message.empty()) {
    return std::string(message);
  }
  return std::nullopt;
}

Error container_error(std::string_view what, std::string_view message, std::string_view body) {
  Error e =
      Error::make(ErrorKind::model, "ContainerError",
                  std::string(what) + ": the container reported an error: " + std::string(message));
  e.with_detail("body", excerpt(body));
  return e;
}

Error container_stream_error(std::string_view what, std::string_view message,
                             std::string_view record) {
  Error e = Error::make(
      ErrorKind::model, "ContainerStreamError",
      std::string(what) + ": the container reported an error mid-stream: " + std::string(message));
  e.with_detail("record", excerpt(record));
  return e;
}

JsonParser::JsonParser() : parser_(json::storage_ptr(), container_parse_options()) {}

Result<const json::value*> JsonParser::parse(std::string_view text, std::string_view what) {
  value_.reset();  // drop the previous value before its memory goes
  memory_.emplace(first_block_, sizeof first_block_);
  parser_.reset(json::storage_ptr(&*memory_));
  boost::system::error_code ec;
  parser_.write(text.data(), text.size(), ec);
  if (ec) {
    Error e = Error::make(ErrorKind::protocol, "InvalidJson",
                          std::string(what) + ": not valid JSON (" + ec.message() + ")");
    e.with_detail("body", excerpt(text));
    return std::unexpected(std::move(e));
  }
  value_.emplace(parser_.release());
  return &*value_;
}

Result<json::value> parse_json(std::string_view text, std::string_view what) {
  boost::system::error_code ec;
  json::value value = json::parse(text, ec, json::storage_ptr(), container_parse_options());
  if (ec) {
    Error e = Error::make(ErrorKind::protocol, "InvalidJson",
                          std::string(what) + ": not valid JSON (" + ec.message() + ")");
    e.with_detail("body", excerpt(text));
    return std::unexpected(std::move(e));
  }
  return value;
}

const json::value* find(const json::value& object, std::string_view key) {
  const auto* o = object.if_object();
  return o == nullptr ? nullptr : o->if_contains(key);
}

std::string_view string_at(const json::value& object, std::string_view key) {
  const auto* v = find(object, key);
  if (v == nullptr || !v->is_string()) return {};
  return v->get_string();
}

std::optional<double> number_of(const json::value& value) {
  switch (value.kind()) {
    case json::kind::double_:
      return value.get_double();
    case json::kind::int64:
      return static_cast<double>(value.get_int64());
    case json::kind::uint64:
      return static_cast<double>(value.get_uint64());
    default:
      return std::nullopt;
  }
}

std::optional<std::int64_t> integer_at(const json::value& object, std::string_view key) {
  const auto* v = find(object, key);
  if (v == nullptr) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64()) {
    if (v->get_uint64() > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<std::int64_t>(v->get_uint64());
  }
  if (v->is_double()) {
    // Some containers write counts as 12.0; anything outside int64 is not a count.
    const double d = v->get_double();
    if (!(d >= -9.0e18 && d <= 9.0e18)) return std::nullopt;
    return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

}  // namespace smp::models
