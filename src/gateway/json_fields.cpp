#include "gateway/json_fields.hpp"

#include <boost/json/parse.hpp>
#include <cmath>

#include "gateway/openai_error.hpp"

namespace smp::gateway {

Result<boost::json::object> parse_json_object(std::string_view body) {
  boost::system::error_code ec;
  auto value = boost::json::parse(body, ec);
  if (ec)
    return fail(request_error("The request body is not valid JSON: " + ec.message() + ".", {},
                              "invalid_json"));
  if (!value.is_object())
    return fail(request_error(
        "The request body must be a JSON object, not " + std::string(json_kind_name(value)) + ".",
        {}, "invalid_json"));
  return std::move(value.as_object());
}

const boost::json::value* field(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (!value || value->is_null()) return nullptr;
  return value;
}

std::string_view json_kind_name(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null:
      return "null";
    case boost::json::kind::bool_:
      return "a boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_:
      return "a number";
    case boost::json::kind::string:
      return "a string";
    case boost::json::kind::array:
      return "an array";
    case boost::json::kind::object:
      return "an object";
  }
  return "a value";
}

namespace {

Error wrong_type(std::string_view path, std::string_view expected,
                 const boost::json::value& found) {
  return request_error(std::string(path) + " must be " + std::string(expected) + ", not " +
                           std::string(json_kind_name(found)) + ".",
                       std::string(path), "invalid_type");
}

}  // namespace

Result<std::optional<std::string>> optional_string(const boost::json::object& object,
                                                   std::string_view key, std::string_view path) {
  const auto* value = field(object, key);
  if (!value) return std::optional<std::string>{};
  if (!value->is_string()) return fail(wrong_type(path, "a string", *value));
  return std::optional<std::string>(std::string(value->as_string()));
}

Result<std::string> required_string(const boost::json::object& object, std::string_view key,
                                    std::string_view path) {
  auto value = optional_string(object, key, path);
  if (!value) return fail(value.error());
  if (!*value)
    return fail(request_error(std::string(path) + " is required.", std::string(path),
                              "missing_required_parameter"));
  return std::move(**value);
}

Result<std::optional<double>> optional_number(const boost::json::object& object,
                                              std::string_view key, std::string_view path) {
  const auto* value = field(object, key);
  if (!value) return std::optional<double>{};
  if (!value->is_number()) return fail(wrong_type(path, "a number", *value));
  const double number = value->to_number<double>();
  if (!std::isfinite(number)) return fail(wrong_type(path, "a finite number", *value));
  return std::optional<double>(number);
}

Result<std::optional<std::int64_t>> optional_integer(const boost::json::object& object,
                                                     std::string_view key, std::string_view path) {
  const auto* value = field(object, key);
  if (!value) return std::optional<std::int64_t>{};
  if (value->is_int64()) return std::optional<std::int64_t>(value->as_int64());
  if (value->is_uint64() && value->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return std::optional<std::int64_t>(static_cast<std::int64_t>(value->as_uint64()));
  if (value->is_double()) {
    const double d = value->as_double();
    // 100.0 is an integer to a JSON client that only has doubles.
    if (std::isfinite(d) && d == std::trunc(d) && std::abs(d) < 9.0e15)
      return std::optional<std::int64_t>(static_cast<std::int64_t>(d));
  }
  return fail(wrong_type(path, "an integer", *value));
}

Result<std::optional<bool>> optional_bool(const boost::json::object& object, std::string_view key,
                                          std::string_view path) {
  const auto* value = field(object, key);
  if (!value) return std::optional<bool>{};
  if (!value->is_bool()) return fail(wrong_type(path, "a boolean", *value));
  return std::optional<bool>(value->as_bool());
}

}  // namespace smp::gateway
