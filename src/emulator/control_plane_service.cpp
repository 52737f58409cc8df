#include "emulator/control_plane_service.hpp"

#include <boost/json.hpp>

#include "emulator/json_request.hpp"

namespace smp::emulator {
namespace {

bool valid_endpoint_name(std::string_view name) {
  // ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}
  if (name.empty() || name.size() > 63 || name.front() == '-' || name.back() == '-') return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  return true;
}

double epoch_seconds(SystemTime t) {
  // Milliseconds, as the service reports them (1529870369.986).
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch());
  return static_cast<double>(ms.count()) / 1000.0;
}

}  // namespace

HttpResponse ControlPlaneService::handle(const HttpRequest& request, std::string_view target,
                                         const Principal& caller, std::string_view region,
                                         std::string_view request_id, RequestLogEntry& log) const {
  std::string_view operation = target;
  if (operation.starts_with(kSageMakerTargetPrefix))
    operation.remove_prefix(kSageMakerTargetPrefix.size());
  log.operation = std::string(operation);
  if (operation == "DescribeEndpoint")
    return describe_endpoint(request, caller, region, request_id, log);
  ServiceError e;
  e.code = "UnknownOperationException";
  e.message = "The emulator does not implement SageMaker " + std::string(operation) + ".";
  return render_error(Protocol::json_1_1, e, request_id);
}

HttpResponse ControlPlaneService::describe_endpoint(const HttpRequest& request,
                                                    const Principal& caller,
                                                    std::string_view region,
                                                    std::string_view request_id,
                                                    RequestLogEntry& log) const {
  ServiceError error;
  const auto body = parse_json_body(request.body, error);
  if (!body) return render_error(Protocol::json_1_1, error, request_id);
  const auto* name_value = body->if_contains("EndpointName");
  if (name_value == nullptr || name_value->is_null())
    return render_error(Protocol::json_1_1,
                        validation_exception(null_member_message("endpointName")), request_id);
  if (!name_value->is_string()) {
    error.code = "SerializationException";
    error.message = "EndpointName must be a string";
    return render_error(Protocol::json_1_1, error, request_id);
  }
  const std::string name(name_value->as_string());
  log.endpoint = name;
  if (!valid_endpoint_name(name))
    return render_error(
        Protocol::json_1_1,
        validation_exception(
            "1 validation error detected: Value '" + name +
            "' at 'endpointName' failed to satisfy constraint: Member must "
            "satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"),
        request_id);

  const std::string arn = endpoint_arn(region, caller.account, name);
  const std::string action = "sagemaker:DescribeEndpoint";
  if (!caller.policy->allows(action, ResourceRef{arn, name})) {
    ServiceError e;
    e.code = "AccessDeniedException";
    e.message = "User: " + caller.arn + " is not authorized to perform: " + action +
                " on resource: " + arn + " because no identity-based policy allows the " + action +
                " action";
    return render_error(Protocol::json_1_1, e, request_id);
  }
  // Endpoints live in the emulator's account; callers from another account do not see them.
  const RunningEndpoint* endpoint =
      caller.account == account_ ? catalog_.find(name, region) : nullptr;
  if (endpoint == nullptr)
    return render_error(Protocol::json_1_1,
                        validation_exception("Could not find endpoint \"" + name + "\"."),
                        request_id);

  const auto& config = endpoint->config;
  boost::json::array variants;
  for (const auto& v : endpoint->variants) {
    boost::json::object variant{{"VariantName", v.config.name},
                                {"CurrentWeight", v.config.weight},
                                {"DesiredWeight", v.config.weight},
                                {"CurrentInstanceCount", v.config.instance_count},
                                {"DesiredInstanceCount", v.config.instance_count}};
    if (!v.backend.kind.empty()) {
      const std::string image = "sagemaker-emulator/" + v.backend.kind + ":latest";
      variant["DeployedImages"] = boost::json::array{
          boost::json::object{{"SpecifiedImage", image},
                              {"ResolvedImage", image},
                              {"ResolutionTime", epoch_seconds(endpoint->creation_time)}}};
    }
    variants.push_back(std::move(variant));
  }
  boost::json::object out{
      {"EndpointName", config.name},
      {"EndpointArn", endpoint_arn(region, caller.account, config.name)},
      {"EndpointConfigName",
       config.endpoint_config_name.empty() ? config.name + "-config" : config.endpoint_config_name},
      {"ProductionVariants", std::move(variants)},
      {"EndpointStatus", config.status},
      {"CreationTime", epoch_seconds(endpoint->creation_time)},
      {"LastModifiedTime", epoch_seconds(endpoint->creation_time)}};
  if (config.status == "Failed")
    out["FailureReason"] = "The emulator configuration marks this endpoint as Failed.";
  return json_1_1_response(out, request_id);
}

}  // namespace smp::emulator
