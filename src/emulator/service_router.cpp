#include "emulator/service_router.hpp"

#include "emulator/comprehend_service.hpp"
#include "emulator/control_plane_service.hpp"

namespace smp::emulator {
namespace {

std::string_view target_of(const RequestShape& request) {
  if (request.headers == nullptr) return {};
  return request.headers->get("X-Amz-Target").value_or(std::string_view{});
}

bool is_form(const RequestShape& request) {
  if (request.headers == nullptr) return false;
  const auto type = request.headers->get("Content-Type");
  return type && type->starts_with("application/x-www-form-urlencoded");
}

}  // namespace

bool has_query_action(std::string_view text) {
  return text.starts_with("Action=") || text.find("&Action=") != std::string_view::npos;
}

Service classify_signed(std::string_view scope_service, const RequestShape& request) {
  if (request.path.starts_with("/_emulator/")) return Service::admin;
  if (scope_service == "sagemaker") {
    if (request.path.starts_with("/endpoints/")) return Service::runtime;
    if (target_of(request).starts_with(kSageMakerTargetPrefix)) return Service::control_plane;
    return Service::unknown;
  }
  if (scope_service == "sts") return Service::sts;
  if (scope_service == "s3") return Service::s3;
  if (scope_service == "comprehend") return Service::comprehend;
  return Service::unknown;
}

Service classify_unsigned(const RequestShape& request) {
  if (request.path.starts_with("/_emulator/")) return Service::admin;
  if (request.path.starts_with("/endpoints/")) return Service::runtime;
  const auto target = target_of(request);
  if (target.starts_with(kSageMakerTargetPrefix)) return Service::control_plane;
  if (target.starts_with(kComprehendTargetPrefix)) return Service::comprehend;
  if (request.path == "/" || request.path.empty()) {
    if ((is_form(request) && has_query_action(request.body)) || has_query_action(request.query))
      return Service::sts;
  }
  return Service::s3;
}

Protocol protocol_of(Service service) {
  switch (service) {
    case Service::runtime:
      return Protocol::rest_json;
    case Service::control_plane:
    case Service::comprehend:
    case Service::unknown:
    case Service::admin:
      return Protocol::json_1_1;
    case Service::sts:
      return Protocol::query_xml;
    case Service::s3:
      return Protocol::s3_xml;
  }
  return Protocol::json_1_1;
}

std::string_view log_name(Service service) {
  switch (service) {
    case Service::runtime:
      return "sagemaker-runtime";
    case Service::control_plane:
      return "sagemaker";
    case Service::sts:
      return "sts";
    case Service::s3:
      return "s3";
    case Service::comprehend:
      return "comprehend";
    case Service::admin:
      return "emulator";
    case Service::unknown:
      return "unknown";
  }
  return "unknown";
}

}  // namespace smp::emulator
