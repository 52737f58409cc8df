#pragma once
// The emulator's endpoints as they run: each configured endpoint with its variants, inference
// components, the containers (or forwarding URLs) behind them and its fault injector. Built once
// at start; read-only afterwards except for the fault injectors' counters.
//
// Threading: find() and everything it returns are safe to use concurrently.
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "emulator/config.hpp"
#include "emulator/containers/container.hpp"
#include "emulator/fault_injector.hpp"

namespace smp::emulator {

// What serves an invocation: a built-in container, or a local container reached over HTTP.
struct Backend {
  std::shared_ptr<const Container> container;  // null when `url` is set
  std::string url;
  std::string kind;  // container kind or "url"
};

struct RunningVariant {
  VariantConfig config;
  Backend backend;  // the variant's own, or the endpoint's
};

struct RunningComponent {
  InferenceComponentConfig config;
  std::size_t variant = 0;  // index into RunningEndpoint::variants
  Backend backend;
};

struct RunningEndpoint {
  EndpointConfig config;
  SystemTime creation_time;
  std::vector<RunningVariant> variants;
  std::vector<RunningComponent> components;
  std::unique_ptr<FaultInjector> faults;
  std::uint64_t chunk_seed = 0;
  mutable std::atomic<std::uint64_t> invocations{0};

  bool serves_region(std::string_view region) const;
  // Statuses in which a real endpoint routes traffic (updates keep the old fleet serving).
  bool accepts_traffic() const;
  const RunningVariant* variant(std::string_view name) const;
  const RunningComponent* component(std::string_view name) const;
  // Weighted choice for a request number (deterministic: tests can predict it).
  const RunningVariant& pick_variant(std::uint64_t request_number) const;
};

// Makes the container of a `container:` backend; make_container by default. Tests and embedders
// can supply their own kinds.
using ContainerFactory = std::function<Result<std::unique_ptr<Container>>(
    std::string_view kind, const ContainerOptions& options)>;

class EndpointCatalog {
 public:
  static Result<std::unique_ptr<EndpointCatalog>> build(const EmulatorConfig& config,
                                                        SystemTime start,
                                                        const ContainerFactory& factory = {});
  const RunningEndpoint* find(std::string_view name, std::string_view region) const;
  // Any endpoint with this name, whatever its regions (for messages).
  const RunningEndpoint* find_any_region(std::string_view name) const;
  const std::vector<std::unique_ptr<RunningEndpoint>>& endpoints() const { return endpoints_; }

 private:
  std::vector<std::unique_ptr<RunningEndpoint>> endpoints_;
};

// arn:PARTITION:sagemaker:REGION:ACCOUNT:endpoint/name — the name is lower-cased, as AWS writes it.
std::string endpoint_arn(std::string_view region, std::string_view account, std::string_view name);

}  // namespace smp::emulator
