#include "emulator/containers/builtin.hpp"

#include <boost/json/stream_parser.hpp>
#include <charconv>

#include "emulator/containers/deterministic.hpp"
#include "emulator/containers/json_writer.hpp"

namespace smp::emulator::builtin {

std::string JsonSyntaxError::python_message() const {
  return "Expecting value: line " + std::to_string(line) + " column " + std::to_string(column) +
         " (char " + std::to_string(offset) + ")";
}

std::string JsonSyntaxError::serde_message() const {
  return "expected value at line " + std::to_string(line) + " column " + std::to_string(column);
}

std::expected<boost::json::value, JsonSyntaxError> parse_json(std::string_view body) {
  boost::json::stream_parser parser;
  boost::system::error_code ec;
  std::size_t consumed = parser.write_some(body.data(), body.size(), ec);
  if (!ec) parser.finish(ec);
  if (!ec && parser.done()) return parser.release();
  if (!ec) consumed = body.size();
  JsonSyntaxError error;
  error.offset = std::min(consumed, body.size());
  for (std::size_t i = 0; i < error.offset; ++i) {
    if (body[i] == '\n') {
      ++error.line;
      error.column = 1;
    } else {
      ++error.column;
    }
  }
  return std::unexpected(error);
}

InvocationOutput answer(int status, std::string content_type, std::string body) {
  InvocationOutput out;
  out.status = status;
  out.content_type = std::move(content_type);
  out.body = std::move(body);
  return out;
}

std::string uuid_text(std::uint64_t seed) {
  SeededRandom rng(seed ^ 0x75756964ULL);
  std::string hex = hex_id(rng);
  hex[12] = '4';  // version 4
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

std::string custom_attribute(std::string_view attributes, std::string_view name) {
  std::size_t start = 0;
  while (start < attributes.size()) {
    std::size_t end = attributes.find_first_of(",;", start);
    if (end == std::string_view::npos) end = attributes.size();
    std::string_view pair = attributes.substr(start, end - start);
    while (!pair.empty() && pair.front() == ' ')
      pair.remove_prefix(1);
    if (const auto eq = pair.find('=');
        eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return std::string(pair.substr(eq + 1));
    }
    start = end + 1;
  }
  return {};
}

InvocationOutput djl_handler_error(std::string_view exception_text) {
  JsonWriter out(JsonStyle{.spaced = true, .ascii_only = false, .indent = 2, .f32_floats = false});
  out.begin_object().field_int("code", 424).field("message", "prediction failure");
  out.field("error", exception_text).end_object();
  return json_answer(424, out.take());
}

InvocationOutput fastapi_internal_error() {
  return answer(500, "text/plain; charset=utf-8", "Internal Server Error");
}

InvocationOutput fastapi_http_exception(int status, std::string_view detail) {
  JsonWriter out;
  out.begin_object().field("detail", detail).end_object();
  return json_answer(status, out.take());
}

InvocationOutput model_server_error(int status, std::string_view message) {
  JsonWriter out(JsonStyle{.spaced = true, .ascii_only = false, .indent = 2, .f32_floats = false});
  out.begin_object().field_int("code", status).field("type", "InternalServerException");
  out.field("message", message).end_object();
  return json_answer(status, out.take());
}

std::optional<std::size_t> parse_count(std::string_view text) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace smp::emulator::builtin
