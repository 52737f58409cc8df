#pragma once
// The emulator's configuration model: identities, roles, endpoints (with their containers,
// variants, inference components and realism knobs), buckets. Built from YAML
// (config_yaml.hpp) or from the no-config defaults (default_config()). Plain values: the running
// emulator copies what it needs at start.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "base/environment.hpp"
#include "emulator/containers/container.hpp"
#include "emulator/policy.hpp"

namespace smp::emulator {

inline constexpr std::string_view kDefaultAccount = "000000000000";

// A long-term access key (an IAM user).
struct IdentityConfig {
  std::string name;  // IAM user name → arn:aws:iam::ACCOUNT:user/NAME
  std::string access_key_id;
  std::string secret_access_key;
  std::string account;  // empty: the emulator's account
  Policy policy = Policy::allow_all();
};

struct WebIdentityTrust {
  std::vector<std::string> tokens;     // exact token values accepted
  std::vector<std::string> providers;  // trusted issuers (globs); any JWT-shaped token passes
  bool enabled() const { return !tokens.empty() || !providers.empty(); }
};

struct RoleConfig {
  std::string arn;  // arn:aws:iam::ACCOUNT:role/[path/]NAME
  // Principals that may assume it: access key ids, user/role ARNs, account ids or
  // "arn:aws:iam::ACCOUNT:root", "*". Globs allowed.
  std::vector<std::string> trust;
  std::optional<std::string> external_id;  // required ExternalId, when set
  std::chrono::seconds max_session_duration{3600};
  // Lifetime of issued credentials, overriding the requested DurationSeconds (tests: a few s).
  std::optional<std::chrono::seconds> session_duration;
  WebIdentityTrust web_identity;
  Policy policy = Policy::allow_all();  // what sessions of this role may do

  std::string name() const;     // last path segment of the ARN
  std::string account() const;  // field 5 of the ARN
};

// Where an endpoint's requests go: a built-in container, or a local container over HTTP.
struct BackendConfig {
  std::string container;  // built-in kind ("vllm", "tei", ...); empty when `url` is set
  ContainerOptions options;
  std::string url;  // http://host:port of a container implementing GET /ping, POST /invocations
};

struct VariantConfig {
  std::string name = "AllTraffic";
  double weight = 1.0;
  int instance_count = 1;
  std::string instance_type = "ml.g5.xlarge";
  std::optional<BackendConfig> backend;  // none: the endpoint's backend
};

struct InferenceComponentConfig {
  std::string name;
  std::string variant;  // empty: the first variant
  BackendConfig backend;
};

// How a streamed answer is cut into PayloadPart events.
struct ChunkingConfig {
  bool random = false;                // false: one part per container write
  std::size_t min_part = 1;           // bytes, when random
  std::size_t max_part = 64;          // bytes, when random
  std::optional<std::uint64_t> seed;  // none: the emulator's seed
};

struct LatencyConfig {
  std::chrono::milliseconds first_byte{0};
  std::chrono::milliseconds per_part{0};
};

enum class FaultKind {
  throttling,               // 400 ThrottlingException
  internal_failure,         // 500 InternalFailure
  service_unavailable,      // 503 ServiceUnavailable
  model_error,              // 424 ModelError (OriginalStatusCode = original_status)
  model_not_ready,          // 429 ModelNotReadyException
  model_stream_error,       // in-stream ModelStreamError after `after_parts` parts
  internal_stream_failure,  // in-stream InternalStreamFailure after `after_parts` parts
  connection_reset,         // the connection is dropped (after `after_parts` parts on streams)
};

std::string_view to_string(FaultKind kind);
std::optional<FaultKind> fault_kind_from_string(std::string_view name);

struct FaultConfig {
  FaultKind kind = FaultKind::throttling;
  double rate = 1.0;            // probability per request, 0..1
  std::size_t after_parts = 0;  // stream faults: parts sent before the failure
  int original_status = 500;    // model_error: the container status reported
  std::string message;          // empty: the service's usual words
  std::string error_code;       // model_stream_error: ModelInvocationTimeExceeded | StreamBroken
  std::vector<std::string>
      operations;  // "InvokeEndpoint", "InvokeEndpointWithResponseStream"; empty: both
};

struct EndpointConfig {
  std::string name;
  std::vector<std::string> regions{"*"};  // globs
  std::string status = "InService";
  std::optional<SystemTime> creation_time;  // none: when the emulator started
  std::string endpoint_config_name;         // empty: NAME-config
  BackendConfig backend;
  std::vector<VariantConfig> variants;  // empty: one "AllTraffic" variant
  std::vector<InferenceComponentConfig> inference_components;
  ChunkingConfig chunking;
  LatencyConfig latency;
  std::vector<FaultConfig> faults;
};

struct EmulatorConfig {
  std::string account{kDefaultAccount};
  std::vector<IdentityConfig> identities;
  std::vector<RoleConfig> roles;
  std::vector<EndpointConfig> endpoints;
  std::vector<std::string> buckets;
  double sts_duration_scale = 1.0;  // issued credential lifetimes are multiplied by this
  std::chrono::seconds max_clock_skew{300};
  std::uint64_t seed = 0;  // faults and random part boundaries
  std::size_t request_log_capacity = 10000;
  std::size_t max_body_bytes = 6291456;  // InvokeEndpoint limit (6 MiB)
};

// The no-config emulator (README "Defaults"): demo endpoints in every region, key test/test plus
// the pair in SMP_EMULATOR_ACCESS_KEY_ID / SMP_EMULATOR_SECRET_ACCESS_KEY, roles demo and
// demo-external, bucket sagemaker-emulator.
EmulatorConfig default_config(const Environment& environment);

// The identities every config gets unless it declares its own: test/test and the env pair.
std::vector<IdentityConfig> default_identities(const Environment& environment);

}  // namespace smp::emulator
