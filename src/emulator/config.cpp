#include "emulator/config.hpp"

#include <array>
#include <utility>

namespace smp::emulator {
namespace {

constexpr std::array<std::pair<FaultKind, std::string_view>, 8> kFaultNames{{
    {FaultKind::throttling, "throttling"},
    {FaultKind::internal_failure, "internal_failure"},
    {FaultKind::service_unavailable, "service_unavailable"},
    {FaultKind::model_error, "model_error"},
    {FaultKind::model_not_ready, "model_not_ready"},
    {FaultKind::model_stream_error, "model_stream_error"},
    {FaultKind::internal_stream_failure, "internal_stream_failure"},
    {FaultKind::connection_reset, "connection_reset"},
}};

std::string arn_field(std::string_view arn, int index) {
  for (int i = 0; i < index; ++i) {
    const auto colon = arn.find(':');
    if (colon == std::string_view::npos) return {};
    arn.remove_prefix(colon + 1);
  }
  return std::string(arn.substr(0, arn.find(':')));
}

EndpointConfig demo_endpoint(std::string name, std::string container,
                             std::map<std::string, std::string, std::less<>> extra = {}) {
  EndpointConfig endpoint;
  endpoint.name = std::move(name);
  endpoint.backend.container = std::move(container);
  endpoint.backend.options.extra = std::move(extra);
  return endpoint;
}

}  // namespace

std::string RoleConfig::name() const {
  const auto slash = arn.rfind('/');
  return slash == std::string::npos ? std::string{} : arn.substr(slash + 1);
}

std::string RoleConfig::account() const {
  return arn_field(arn, 4);
}

std::string_view to_string(FaultKind kind) {
  for (const auto& [k, name] : kFaultNames)
    if (k == kind) return name;
  return "unknown";
}

std::optional<FaultKind> fault_kind_from_string(std::string_view name) {
  for (const auto& [k, n] : kFaultNames)
    if (n == name) return k;
  return std::nullopt;
}

std::vector<IdentityConfig> default_identities(const Environment& environment) {
  std::vector<IdentityConfig> identities;
  identities.push_back({.name = "test", .access_key_id = "test", .secret_access_key = "test"});
  const auto key = environment.get("SMP_EMULATOR_ACCESS_KEY_ID");
  const auto secret = environment.get("SMP_EMULATOR_SECRET_ACCESS_KEY");
  if (key && secret && *key != "test")
    identities.push_back({.name = "local", .access_key_id = *key, .secret_access_key = *secret});
  return identities;
}

EmulatorConfig default_config(const Environment& environment) {
  EmulatorConfig config;
  config.identities = default_identities(environment);
  const std::string account(kDefaultAccount);

  RoleConfig demo;
  demo.arn = "arn:aws:iam::" + account + ":role/demo";
  for (const auto& identity : config.identities)
    demo.trust.push_back(identity.access_key_id);
  demo.trust.push_back("arn:aws:iam::" + account + ":root");
  // Web identity (IRSA-style) logins work against the demo role with any JWT-shaped token.
  demo.web_identity.providers.push_back("*");
  config.roles.push_back(demo);

  RoleConfig external = demo;
  external.arn = "arn:aws:iam::" + account + ":role/demo-external";
  external.external_id = "demo-external-id";
  external.web_identity = {};
  config.roles.push_back(external);

  config.endpoints.push_back(demo_endpoint("demo-chat", "vllm"));
  config.endpoints.push_back(demo_endpoint("demo-embed", "tei", {{"task", "embed"}}));
  config.endpoints.push_back(demo_endpoint("demo-rerank", "tei", {{"task", "rerank"}}));
  config.endpoints.push_back(demo_endpoint("demo-tts", "cosyvoice"));
  config.endpoints.push_back(demo_endpoint("demo-asr", "whisper"));

  config.buckets.push_back("sagemaker-emulator");
  config.buckets.push_back(ContainerOptions{}.output_bucket);
  return config;
}

}  // namespace smp::emulator
