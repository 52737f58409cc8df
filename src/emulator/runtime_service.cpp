#include "emulator/runtime_service.hpp"

#include <array>
#include <boost/json.hpp>

#include "emulator/json_request.hpp"
#include "emulator/query_params.hpp"
#include "emulator/stream_events.hpp"
#include "emulator/stream_parts.hpp"

namespace smp::emulator {
namespace {

constexpr std::string_view kInvoke = "InvokeEndpoint";
constexpr std::string_view kInvokeStream = "InvokeEndpointWithResponseStream";
constexpr std::string_view kNamePattern = "^[a-zA-Z0-9](-*[a-zA-Z0-9])*";

HttpResponse runtime_error(std::string_view request_id, int status, std::string code,
                           std::string message, std::vector<ServiceError::Field> fields = {}) {
  ServiceError e;
  e.status = status;
  e.code = std::move(code);
  e.message = std::move(message);
  e.fields = std::move(fields);
  return render_error(Protocol::rest_json, e, request_id);
}

HttpResponse validation_error(std::string_view request_id, std::string message) {
  return runtime_error(request_id, 400, "ValidationError", std::move(message));
}

bool matches_name_pattern(std::string_view name) {
  if (name.empty() || name.size() > 63 || name.front() == '-' || name.back() == '-') return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  return true;
}

// RFC 7230 field-value characters (visible US-ASCII, space, tab): what the model allows.
bool visible_ascii(std::string_view value) {
  for (unsigned char c : value)
    if (!(c == '\t' || (c >= 0x20 && c < 0x7f))) return false;
  return true;
}

std::string header_or_empty(const HttpRequest& request, std::string_view name) {
  const auto value = request.headers.get(name);
  return value ? std::string(*value) : std::string{};
}

std::string cloudwatch_suffix(std::string_view region, std::string_view account,
                              std::string_view endpoint) {
  return ". See https://" + std::string(region) +
         ".console.aws.amazon.com/cloudwatch/home?region=" + std::string(region) +
         "#logEventViewer:group=/aws/sagemaker/Endpoints/" + std::string(endpoint) +
         " in account " + std::string(account) + " for more information.";
}

}  // namespace

std::optional<std::string_view> RuntimeService::operation_for_path(std::string_view path,
                                                                   std::string& name) {
  constexpr std::string_view prefix = "/endpoints/";
  if (!path.starts_with(prefix)) return std::nullopt;
  path.remove_prefix(prefix.size());
  const auto slash = path.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto rest = path.substr(slash);
  std::optional<std::string_view> operation;
  if (rest == "/invocations")
    operation = kInvoke;
  else if (rest == "/invocations-response-stream")
    operation = kInvokeStream;
  else
    return std::nullopt;
  name = percent_decode(path.substr(0, slash), false);
  return operation;
}

HttpResponse RuntimeService::payload_too_large(std::size_t limit, std::string_view request_id) {
  ServiceError e;
  e.status = 413;
  e.code = "413";
  e.message = "HTTP content length exceeded " + std::to_string(limit) + " bytes.";
  e.error_type_header = false;
  e.lowercase_message = true;
  return render_error(Protocol::rest_json, e, request_id);
}

std::variant<InvocationPlan, HttpResponse> RuntimeService::plan(
    const HttpRequest& request, std::string_view path, const Principal& caller,
    std::string_view region, std::string_view request_id, RequestLogEntry& log) const {
  std::string name;
  const auto operation = operation_for_path(path, name);
  if (!operation)
    return runtime_error(request_id, 404, "UnknownOperationException",
                         "The emulator does not serve " + std::string(path));
  log.operation = std::string(*operation);
  log.endpoint = name;
  const bool streaming = *operation == kInvokeStream;

  if (!matches_name_pattern(name))
    return validation_error(request_id, "1 validation error detected: Value '" + name +
                                            "' at 'endpointName' failed to satisfy constraint: "
                                            "Member must satisfy regular expression pattern: " +
                                            std::string(kNamePattern));

  // IAM is evaluated before the endpoint is looked up: a caller without permission learns
  // nothing about which endpoints exist.
  const std::string arn = endpoint_arn(region, caller.account, name);
  const std::string action = "sagemaker:InvokeEndpoint";
  if (!caller.policy->allows(action, ResourceRef{arn, name}))
    return runtime_error(request_id, 403, "AccessDeniedException",
                         "User: " + caller.arn + " is not authorized to perform: " + action +
                             " on resource: " + arn +
                             " because no identity-based policy allows the " + action + " action");

  const RunningEndpoint* endpoint =
      caller.account == config_.account ? catalog_.find(name, region) : nullptr;
  if (endpoint == nullptr || !endpoint->accepts_traffic())
    return validation_error(request_id,
                            "Endpoint " + name + " of account " + caller.account + " not found.");

  InvocationPlan plan;
  plan.endpoint = endpoint;
  plan.region = std::string(region);
  plan.account = config_.account;
  plan.request_number = endpoint->invocations.fetch_add(1, std::memory_order_relaxed);

  auto& input = plan.input;
  input.body = request.body;
  input.streaming = streaming;
  input.content_type = header_or_empty(request, "Content-Type");
  input.accept = header_or_empty(request, streaming ? "X-Amzn-SageMaker-Accept" : "Accept");
  input.custom_attributes = header_or_empty(request, "X-Amzn-SageMaker-Custom-Attributes");
  if (input.custom_attributes.size() > 1024 || !visible_ascii(input.custom_attributes))
    return validation_error(request_id,
                            "1 validation error detected: Value at 'customAttributes' failed to "
                            "satisfy constraint: Member must have length less than or equal to "
                            "1024 and contain only visible US-ASCII characters");
  if (!streaming && request.headers.contains("X-Amzn-SageMaker-Target-Model"))
    return validation_error(request_id, "Endpoint " + name +
                                            " is not a multi-model endpoint and does not support "
                                            "target model header.");

  const std::string component_name =
      header_or_empty(request, "X-Amzn-SageMaker-Inference-Component");
  const std::string target_variant = header_or_empty(request, "X-Amzn-SageMaker-Target-Variant");
  if (!endpoint->components.empty()) {
    if (component_name.empty())
      return runtime_error(request_id, 400, "ValidationError",
                           "Inference Component Name header is required for endpoints to which "
                           "you plan to deploy inference components. Please include Inference "
                           "Component Name header or consider using SageMaker models.",
                           {{"ErrorCode", "INFERENCE_COMPONENT_NAME_MISSING"}});
    plan.component = endpoint->component(component_name);
    if (plan.component == nullptr)
      return validation_error(request_id, "Inference Component " + component_name +
                                              " not found for endpoint " + name + ".");
    plan.variant = &endpoint->variants[plan.component->variant];
    plan.backend = &plan.component->backend;
    log.inference_component = component_name;
  } else if (!component_name.empty()) {
    return validation_error(
        request_id, "Inference Component Name header is not supported for endpoint " + name +
                        ", which does not host inference components.");
  }
  if (!target_variant.empty()) {
    const RunningVariant* chosen = endpoint->variant(target_variant);
    if (chosen == nullptr || (plan.variant != nullptr && plan.variant != chosen))
      return validation_error(
          request_id, "Variant " + target_variant + " not found for endpoint " + name + ".");
    plan.variant = chosen;
  }
  if (plan.variant == nullptr) plan.variant = &endpoint->pick_variant(plan.request_number);
  if (plan.backend == nullptr) plan.backend = &plan.variant->backend;
  input.target_variant = plan.variant->config.name;
  input.inference_component = component_name;
  log.variant = input.target_variant;
  plan.fault = endpoint->faults->decide(*operation);
  if (plan.fault) log.fault = std::string(to_string(plan.fault->kind));
  return plan;
}

std::optional<HttpResponse> RuntimeService::early_fault_response(
    const InvocationPlan& plan, std::string_view request_id) const {
  if (!plan.fault) return std::nullopt;
  const auto& f = *plan.fault;
  auto message = [&](std::string_view fallback) {
    return f.message.empty() ? std::string(fallback) : f.message;
  };
  switch (f.kind) {
    case FaultKind::throttling:
      return runtime_error(request_id, 400, "ThrottlingException", message("Rate exceeded"));
    case FaultKind::internal_failure:
      return runtime_error(request_id, 500, "InternalFailure",
                           message("An internal failure occurred. Try your request again."));
    case FaultKind::service_unavailable:
      return runtime_error(request_id, 503, "ServiceUnavailable",
                           message("The service is unavailable. Try your request again."));
    case FaultKind::model_not_ready:
      return runtime_error(request_id, 429, "ModelNotReadyException",
                           message("Model is not ready for invocation yet. The model is being "
                                   "loaded; retry your request later."));
    case FaultKind::model_error: {
      const std::string original =
          f.message.empty()
              ? (f.original_status == 0
                     ? std::string("Your invocation timed out while waiting for a response from "
                                   "container primary. Review the latency metrics for each "
                                   "container in Amazon CloudWatch, resolve the issue, and try "
                                   "again.")
                     : std::string("{\"error\":\"injected fault\",\"code\":") +
                           std::to_string(f.original_status) + "}")
              : f.message;
      return model_error(plan, f.original_status, original, request_id);
    }
    case FaultKind::model_stream_error:
    case FaultKind::internal_stream_failure:
    case FaultKind::connection_reset:
      return std::nullopt;
  }
  return std::nullopt;
}

ContainerContext RuntimeService::container_context(const InvocationPlan& plan,
                                                   ObjectStore* store) const {
  ContainerContext context;
  context.object_store = store;
  SplitMix64 seed(plan.endpoint->chunk_seed ^ (plan.request_number + 1) * 0xD1B54A32D192ED03ull);
  context.seed = seed.next();
  context.unix_time =
      std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
  context.endpoint_name = plan.endpoint->config.name;
  return context;
}

HttpResponse RuntimeService::model_error(const InvocationPlan& plan, int status,
                                         std::string_view body, std::string_view request_id) const {
  const std::string& name = plan.endpoint->config.name;
  const bool client = status >= 400 && status < 500;
  const std::string message = "Received " + std::string(client ? "client" : "server") + " error (" +
                              std::to_string(status) + ") from primary with message \"" +
                              std::string(body) + "\"" +
                              cloudwatch_suffix(plan.region, plan.account, name);
  const std::string log_stream = "arn:" + partition_for_region(plan.region) +
                                 ":logs:" + plan.region + ":" + plan.account +
                                 ":log-group:/aws/sagemaker/Endpoints/" + name;
  return runtime_error(
      request_id, 424, "ModelError", message,
      {{"ErrorCode", client ? "CLIENT_ERROR_FROM_MODEL" : "INTERNAL_FAILURE_FROM_MODEL"},
       {"LogStreamArn", log_stream},
       {"OriginalMessage", std::string(body)},
       {"OriginalStatusCode", std::to_string(status), true}});
}

HttpResponse RuntimeService::invoke_response(const InvocationPlan& plan,
                                             const InvocationOutput& output,
                                             std::string_view request_id) const {
  if (!output.ok()) return model_error(plan, output.status, output.body, request_id);
  HttpResponse response;
  response.status = 200;
  response.headers.add("x-amzn-RequestId", std::string(request_id));
  response.headers.add("x-Amzn-Invoked-Production-Variant", plan.variant->config.name);
  response.headers.add("Content-Type",
                       output.content_type.empty() ? "application/json" : output.content_type);
  if (!output.custom_attributes.empty())
    response.headers.add("X-Amzn-SageMaker-Custom-Attributes", output.custom_attributes);
  // A container that streamed anyway answers with the bytes it wrote.
  response.body = output.stream_records.empty() ? output.body : output.joined_stream();
  return response;
}

std::variant<StreamResponse, HttpResponse> RuntimeService::stream_response(
    const InvocationPlan& plan, const InvocationOutput& output, std::string_view request_id) const {
  if (!output.ok()) return model_error(plan, output.status, output.body, request_id);
  StreamResponse stream;
  auto& head = stream.head;
  head.status = 200;
  head.headers.add("x-amzn-RequestId", std::string(request_id));
  head.headers.add("x-Amzn-Invoked-Production-Variant", plan.variant->config.name);
  head.headers.add("Content-Type", "application/vnd.amazon.eventstream");
  head.headers.add("X-Amzn-SageMaker-Content-Type",
                   output.content_type.empty() ? "application/json" : output.content_type);
  if (!output.custom_attributes.empty())
    head.headers.add("X-Amzn-SageMaker-Custom-Attributes", output.custom_attributes);

  // The bytes the container wrote before failing (its own StreamFailure) or all of them.
  std::vector<std::string> records;
  if (output.stream_records.empty()) {
    if (!output.body.empty()) records.push_back(output.body);
  } else {
    records = output.stream_records;
  }
  if (output.stream_failure && output.stream_failure->after_records < records.size())
    records.resize(output.stream_failure->after_records);

  const auto& chunking = plan.endpoint->config.chunking;
  const std::uint64_t seed =
      plan.endpoint->chunk_seed ^ (plan.request_number * 0x9E3779B97F4A7C15ull);
  for (const auto& part : cut_stream_parts(records, chunking, seed))
    stream.frames.push_back(encode_payload_part(part));

  if (output.stream_failure) {
    stream.failure_frame = encode_model_stream_error(output.stream_failure->error_code,
                                                     output.stream_failure->message);
  }
  if (plan.fault) {
    const auto& f = *plan.fault;
    const std::size_t after = std::min(f.after_parts, stream.frames.size());
    switch (f.kind) {
      case FaultKind::model_stream_error:
        stream.frames.resize(after);
        stream.failure_frame = encode_model_stream_error(
            f.error_code.empty() ? "ModelInvocationTimeExceeded" : f.error_code,
            f.message.empty() ? "Model invocation time exceeded the limit." : f.message);
        break;
      case FaultKind::internal_stream_failure:
        stream.frames.resize(after);
        stream.failure_frame = encode_internal_stream_failure(
            f.message.empty() ? "An internal stream failure occurred. Try your request again."
                              : f.message);
        break;
      case FaultKind::connection_reset:
        stream.frames.resize(after);
        stream.failure_frame.reset();
        stream.reset_after = after;
        break;
      default:
        break;
    }
  }
  return stream;
}

}  // namespace smp::emulator
