#include "emulator/json_request.hpp"

#include <boost/json.hpp>

namespace smp::emulator {

std::optional<boost::json::object> parse_json_body(std::string_view body, ServiceError& error) {
  if (body.empty()) return boost::json::object{};
  boost::system::error_code ec;
  auto value = boost::json::parse(body, ec);
  if (ec || !value.is_object()) {
    error.status = 400;
    error.code = "SerializationException";
    error.message = ec ? "Could not parse the request body as JSON: " + ec.message()
                       : std::string("Start of structure or map found where not expected.");
    return std::nullopt;
  }
  return std::move(value.as_object());
}

HttpResponse json_1_1_response(const boost::json::object& body, std::string_view request_id) {
  HttpResponse response;
  response.status = 200;
  response.headers.add("x-amzn-RequestId", std::string(request_id));
  response.headers.add("Content-Type", "application/x-amz-json-1.1");
  response.body = boost::json::serialize(body);
  return response;
}

ServiceError validation_exception(std::string message) {
  ServiceError e;
  e.status = 400;
  e.code = "ValidationException";
  e.message = std::move(message);
  return e;
}

std::string null_member_message(std::string_view member) {
  return "1 validation error detected: Value null at '" + std::string(member) +
         "' failed to satisfy constraint: Member must not be null";
}

std::string partition_for_region(std::string_view region) {
  if (region.starts_with("cn-")) return "aws-cn";
  if (region.starts_with("us-gov-")) return "aws-us-gov";
  return "aws";
}

}  // namespace smp::emulator
