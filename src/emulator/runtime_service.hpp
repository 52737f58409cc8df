#pragma once
// SageMaker runtime (aws-wire.md §1.3–§1.7): InvokeEndpoint and InvokeEndpointWithResponseStream.
// Split in pure steps so the transport (emulator.cpp) only does I/O:
//   plan()            validates the request against the catalog and the caller's allow list and
//                     picks variant, component, backend and fault; or answers the exact error;
//   invoke_response() turns a container's answer into the InvokeEndpoint response or ModelError;
//   stream_response() turns it into the event-stream frames (PayloadPart, in-stream errors).
// Threading: all members are const and safe to call concurrently.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/clock.hpp"
#include "base/http_message.hpp"
#include "emulator/config.hpp"
#include "emulator/endpoint_catalog.hpp"
#include "emulator/principals.hpp"
#include "emulator/request_log.hpp"
#include "emulator/service_error.hpp"

namespace smp::emulator {

struct InvocationPlan {
  const RunningEndpoint* endpoint = nullptr;
  const RunningVariant* variant = nullptr;
  const RunningComponent* component = nullptr;  // when the endpoint has inference components
  const Backend* backend = nullptr;
  InvocationInput input;
  std::optional<FaultConfig> fault;
  std::uint64_t request_number = 0;
  std::string region;
  std::string account;  // the endpoint's account (for ARNs and messages)
};

// The response of a stream request once the container answered successfully: the HTTP head and
// every event-stream message, already encoded. `failure_frame` (ModelStreamError /
// InternalStreamFailure) follows the parts when set; `reset_after` drops the connection after
// that many parts instead.
struct StreamResponse {
  HttpResponse head;  // status 200, headers; body empty
  std::vector<std::string> frames;
  std::optional<std::string> failure_frame;
  std::optional<std::size_t> reset_after;
};

class RuntimeService {
 public:
  RuntimeService(const EmulatorConfig& config, const EndpointCatalog& catalog, const Clock& clock)
      : config_(config), catalog_(catalog), clock_(clock) {}

  // Path operations: "/endpoints/NAME/invocations" → InvokeEndpoint, "…-response-stream" →
  // InvokeEndpointWithResponseStream; nullopt for other paths. Sets `name` (percent-decoded).
  static std::optional<std::string_view> operation_for_path(std::string_view path,
                                                            std::string& name);

  std::variant<InvocationPlan, HttpResponse> plan(const HttpRequest& request, std::string_view path,
                                                  const Principal& caller, std::string_view region,
                                                  std::string_view request_id,
                                                  RequestLogEntry& log) const;

  // The error answer for a fault that fires before the container is called (throttling, 5xx,
  // ModelError, ModelNotReady); nullopt for faults that act later (stream faults, resets).
  std::optional<HttpResponse> early_fault_response(const InvocationPlan& plan,
                                                   std::string_view request_id) const;

  // The container context for this invocation (seed and time are deterministic per request).
  ContainerContext container_context(const InvocationPlan& plan, ObjectStore* store) const;

  HttpResponse invoke_response(const InvocationPlan& plan, const InvocationOutput& output,
                               std::string_view request_id) const;

  // Non-2xx container answers come back as a ModelError HttpResponse in the variant.
  std::variant<StreamResponse, HttpResponse> stream_response(const InvocationPlan& plan,
                                                             const InvocationOutput& output,
                                                             std::string_view request_id) const;

  // ModelError 424 for a container that answered `status` with `body` (status 0: timed out).
  HttpResponse model_error(const InvocationPlan& plan, int status, std::string_view body,
                           std::string_view request_id) const;

  // 413 for a body over the 6 MiB limit, as the front door words it (no x-amzn-ErrorType).
  static HttpResponse payload_too_large(std::size_t limit, std::string_view request_id);

 private:
  const EmulatorConfig& config_;
  const EndpointCatalog& catalog_;
  const Clock& clock_;
};

}  // namespace smp::emulator
