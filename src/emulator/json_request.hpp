#pragma once
// Helpers for the JSON 1.1 services (SageMaker control plane, Comprehend): `POST /` with
// `X-Amz-Target: Prefix.Operation` and a JSON object body.
#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "base/http_message.hpp"
#include "emulator/service_error.hpp"

namespace smp::emulator {

// The body as a JSON object; an empty body is {}. On failure, the SerializationException a JSON
// 1.1 service answers.
std::optional<boost::json::object> parse_json_body(std::string_view body, ServiceError& error);

HttpResponse json_1_1_response(const boost::json::object& body, std::string_view request_id);

// "1 validation error detected: Value null at 'text' failed to satisfy constraint: Member must
// not be null" (and friends).
ServiceError validation_exception(std::string message);
std::string null_member_message(std::string_view member);

// aws, aws-cn or aws-us-gov (the partitions an emulated endpoint can live in).
std::string partition_for_region(std::string_view region);

}  // namespace smp::emulator
