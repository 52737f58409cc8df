#pragma once
// Typed reads of request fields. Every mismatch is a request_error naming the field (the
// envelope's `param`), so a client learns which field to fix; absent and null read as unset.
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace smp::gateway {

// The body as a JSON object ("the request body must be a JSON object" otherwise).
Result<boost::json::object> parse_json_object(std::string_view body);

// nullptr when the key is absent or null.
const boost::json::value* field(const boost::json::object& object, std::string_view key);

Result<std::optional<std::string>> optional_string(const boost::json::object& object,
                                                   std::string_view key, std::string_view path);
Result<std::string> required_string(const boost::json::object& object, std::string_view key,
                                    std::string_view path);
Result<std::optional<double>> optional_number(const boost::json::object& object,
                                              std::string_view key, std::string_view path);
Result<std::optional<std::int64_t>> optional_integer(const boost::json::object& object,
                                                     std::string_view key, std::string_view path);
Result<std::optional<bool>> optional_bool(const boost::json::object& object, std::string_view key,
                                          std::string_view path);

// "a string", "an array", ... for messages.
std::string_view json_kind_name(const boost::json::value& value);

}  // namespace smp::gateway
