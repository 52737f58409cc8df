#include "emulator/endpoint_catalog.hpp"

#include <cctype>

#include "emulator/json_request.hpp"
#include "emulator/policy.hpp"

namespace smp::emulator {
namespace {

Result<Backend> make_backend(const BackendConfig& config, const std::string& where,
                             const ContainerFactory& factory) {
  Backend backend;
  if (!config.url.empty()) {
    backend.url = config.url;
    while (backend.url.ends_with('/'))
      backend.url.pop_back();
    backend.kind = "url";
    return backend;
  }
  auto container = factory ? factory(config.container, config.options)
                           : make_container(config.container, config.options);
  if (!container) {
    auto error = container.error();
    error.message = where + ": " + error.message;
    return fail(std::move(error));
  }
  backend.container = std::shared_ptr<const Container>(std::move(*container));
  backend.kind = config.container;
  return backend;
}

}  // namespace

std::string endpoint_arn(std::string_view region, std::string_view account, std::string_view name) {
  std::string lower(name);
  for (auto& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return "arn:" + partition_for_region(region) + ":sagemaker:" + std::string(region) + ":" +
         std::string(account) + ":endpoint/" + lower;
}

bool RunningEndpoint::serves_region(std::string_view region) const {
  for (const auto& pattern : config.regions)
    if (glob_match(pattern, region)) return true;
  return false;
}

bool RunningEndpoint::accepts_traffic() const {
  const auto& s = config.status;
  return s == "InService" || s == "Updating" || s == "SystemUpdating" || s == "RollingBack" ||
         s == "UpdateRollbackFailed";
}

const RunningVariant* RunningEndpoint::variant(std::string_view name) const {
  for (const auto& v : variants)
    if (v.config.name == name) return &v;
  return nullptr;
}

const RunningComponent* RunningEndpoint::component(std::string_view name) const {
  for (const auto& c : components)
    if (c.config.name == name) return &c;
  return nullptr;
}

const RunningVariant& RunningEndpoint::pick_variant(std::uint64_t request_number) const {
  double total = 0;
  for (const auto& v : variants)
    total += v.config.weight;
  if (variants.size() == 1 || total <= 0) return variants.front();
  SplitMix64 random(chunk_seed ^ (request_number * 0x2545F4914F6CDD1Dull));
  double roll = random.next_unit() * total;
  for (const auto& v : variants) {
    if (roll < v.config.weight) return v;
    roll -= v.config.weight;
  }
  return variants.back();
}

Result<std::unique_ptr<EndpointCatalog>> EndpointCatalog::build(const EmulatorConfig& config,
                                                                SystemTime start,
                                                                const ContainerFactory& factory) {
  auto catalog = std::make_unique<EndpointCatalog>();
  std::uint64_t index = 0;
  for (const auto& e : config.endpoints) {
    auto running = std::make_unique<RunningEndpoint>();
    running->config = e;
    running->creation_time = e.creation_time.value_or(start);
    const std::string where = "endpoint " + e.name;
    std::optional<Backend> endpoint_backend;
    if (!e.backend.container.empty() || !e.backend.url.empty()) {
      auto b = make_backend(e.backend, where, factory);
      if (!b) return fail(b.error());
      endpoint_backend = std::move(*b);
    }
    auto variants = e.variants.empty() ? std::vector<VariantConfig>{VariantConfig{}} : e.variants;
    for (const auto& v : variants) {
      RunningVariant rv{v, {}};
      if (v.backend) {
        auto b = make_backend(*v.backend, where + " variant " + v.name, factory);
        if (!b) return fail(b.error());
        rv.backend = std::move(*b);
      } else if (endpoint_backend) {
        rv.backend = *endpoint_backend;
      }
      running->variants.push_back(std::move(rv));
    }
    for (const auto& c : e.inference_components) {
      RunningComponent rc{c, 0, {}};
      if (!c.variant.empty()) {
        bool found = false;
        for (std::size_t i = 0; i < running->variants.size(); ++i)
          if (running->variants[i].config.name == c.variant) rc.variant = i, found = true;
        if (!found)
          return fail(
              ErrorKind::invalid_argument, "InvalidConfig",
              where + ": inference component " + c.name + " names unknown variant " + c.variant);
      }
      auto b = make_backend(c.backend, where + " inference component " + c.name, factory);
      if (!b) return fail(b.error());
      rc.backend = std::move(*b);
      running->components.push_back(std::move(rc));
    }
    const std::uint64_t seed = config.seed ^ (0x9E3779B97F4A7C15ull * ++index);
    running->chunk_seed = e.chunking.seed.value_or(seed);
    running->faults = std::make_unique<FaultInjector>(e.faults, seed ^ 0xFA017ull);
    catalog->endpoints_.push_back(std::move(running));
  }
  return catalog;
}

const RunningEndpoint* EndpointCatalog::find(std::string_view name, std::string_view region) const {
  for (const auto& e : endpoints_)
    if (e->config.name == name && e->serves_region(region)) return e.get();
  return nullptr;
}

const RunningEndpoint* EndpointCatalog::find_any_region(std::string_view name) const {
  for (const auto& e : endpoints_)
    if (e->config.name == name) return e.get();
  return nullptr;
}

}  // namespace smp::emulator
