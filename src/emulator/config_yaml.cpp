#include "emulator/config_yaml.hpp"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>
#include <stdexcept>

#include "aws/credential_time.hpp"

namespace smp::emulator {
namespace {

// Thrown inside the loader only; parse_config_yaml turns it into an Error.
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void bad(const std::string& path, const std::string& what) {
  throw ConfigError(path + ": " + what);
}

void expect_map(const YAML::Node& node, const std::string& path,
                std::initializer_list<std::string_view> keys) {
  if (!node.IsMap()) bad(path, "expected a mapping");
  for (const auto& item : node) {
    const auto key = item.first.as<std::string>();
    bool known = false;
    for (auto k : keys)
      if (k == key) known = true;
    if (!known) bad(path + "." + key, "unknown key");
  }
}

template <class T>
T scalar(const YAML::Node& node, const std::string& path) {
  if (!node.IsScalar()) bad(path, "expected a scalar");
  try {
    return node.as<T>();
  } catch (const YAML::Exception&) {
    bad(path, "cannot read '" + node.Scalar() + "'");
  }
}

std::string text(const YAML::Node& node, const std::string& path) {
  return scalar<std::string>(node, path);
}

std::vector<std::string> string_list(const YAML::Node& node, const std::string& path) {
  if (node.IsScalar()) return {node.Scalar()};
  if (!node.IsSequence()) bad(path, "expected a list");
  std::vector<std::string> out;
  for (std::size_t i = 0; i < node.size(); ++i)
    out.push_back(text(node[i], path + "[" + std::to_string(i) + "]"));
  return out;
}

std::chrono::seconds seconds(const YAML::Node& node, const std::string& path) {
  const auto value = scalar<long long>(node, path);
  if (value < 1) bad(path, "must be at least 1 second");
  return std::chrono::seconds(value);
}

std::chrono::milliseconds milliseconds(const YAML::Node& node, const std::string& path) {
  const auto value = scalar<long long>(node, path);
  if (value < 0) bad(path, "must not be negative");
  return std::chrono::milliseconds(value);
}

Policy policy(const YAML::Node& node, const std::string& path) {
  if (!node.IsSequence()) bad(path, "expected a list of {action(s), resource(s)}");
  std::vector<AllowStatement> statements;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const auto item_path = path + "[" + std::to_string(i) + "]";
    const auto& item = node[i];
    expect_map(item, item_path, {"action", "actions", "resource", "resources"});
    AllowStatement statement;
    for (auto key : {"action", "actions"})
      if (item[key]) {
        auto more = string_list(item[key], item_path + "." + key);
        statement.actions.insert(statement.actions.end(), more.begin(), more.end());
      }
    if (statement.actions.empty()) bad(item_path, "needs action or actions");
    std::vector<std::string> resources;
    for (auto key : {"resource", "resources"})
      if (item[key]) {
        auto more = string_list(item[key], item_path + "." + key);
        resources.insert(resources.end(), more.begin(), more.end());
      }
    if (!resources.empty()) statement.resources = std::move(resources);
    statements.push_back(std::move(statement));
  }
  return Policy::from_statements(std::move(statements));
}

IdentityConfig identity(const YAML::Node& node, const std::string& path) {
  expect_map(node, path, {"name", "access_key_id", "secret_access_key", "account", "allow"});
  IdentityConfig id;
  if (!node["access_key_id"] || !node["secret_access_key"])
    bad(path, "needs access_key_id and secret_access_key");
  id.access_key_id = text(node["access_key_id"], path + ".access_key_id");
  id.secret_access_key = text(node["secret_access_key"], path + ".secret_access_key");
  id.name = node["name"] ? text(node["name"], path + ".name") : id.access_key_id;
  if (node["account"]) id.account = text(node["account"], path + ".account");
  if (node["allow"]) id.policy = policy(node["allow"], path + ".allow");
  return id;
}

RoleConfig role(const YAML::Node& node, const std::string& path) {
  expect_map(node, path,
             {"arn", "trust", "external_id", "max_session_duration", "session_duration",
              "web_identity", "allow"});
  RoleConfig r;
  if (!node["arn"]) bad(path, "needs arn");
  r.arn = text(node["arn"], path + ".arn");
  if (r.name().empty() || r.account().size() != 12)
    bad(path + ".arn", "expected arn:aws:iam::ACCOUNT:role/NAME");
  if (node["trust"]) r.trust = string_list(node["trust"], path + ".trust");
  if (node["external_id"]) r.external_id = text(node["external_id"], path + ".external_id");
  if (node["max_session_duration"])
    r.max_session_duration = seconds(node["max_session_duration"], path + ".max_session_duration");
  if (node["session_duration"])
    r.session_duration = seconds(node["session_duration"], path + ".session_duration");
  if (const auto& web = node["web_identity"]) {
    expect_map(web, path + ".web_identity", {"tokens", "providers"});
    if (web["tokens"])
      r.web_identity.tokens = string_list(web["tokens"], path + ".web_identity.tokens");
    if (web["providers"])
      r.web_identity.providers = string_list(web["providers"], path + ".web_identity.providers");
  }
  if (node["allow"]) r.policy = policy(node["allow"], path + ".allow");
  return r;
}

BackendConfig backend(const YAML::Node& node, const std::string& path) {
  if (!node.IsMap()) bad(path, "expected a mapping");
  BackendConfig b;
  auto& o = b.options;
  for (const auto& item : node) {
    const auto key = item.first.as<std::string>();
    const auto key_path = path + "." + key;
    const auto& value = item.second;
    if (key == "container")
      b.container = text(value, key_path);
    else if (key == "url")
      b.url = text(value, key_path);
    else if (key == "model_id")
      o.model_id = text(value, key_path);
    else if (key == "reasoning_field")
      o.reasoning_field = text(value, key_path);
    else if (key == "embedding_dimensions")
      o.embedding_dimensions = scalar<std::size_t>(value, key_path);
    else if (key == "max_client_batch_size")
      o.max_client_batch_size = scalar<std::size_t>(value, key_path);
    else if (key == "lmi_output_formatter")
      o.lmi_output_formatter = text(value, key_path);
    else if (key == "lmi_tgi_compat")
      o.lmi_tgi_compat = scalar<bool>(value, key_path);
    else if (key == "cosyvoice_model_dir")
      o.cosyvoice_model_dir = text(value, key_path);
    else if (key == "output_bucket")
      o.output_bucket = text(value, key_path);
    else if (key == "tts_format")
      o.tts_format = text(value, key_path);
    else
      o.extra[key] = text(value, key_path);  // container-specific settings
  }
  if (b.container.empty() == b.url.empty()) bad(path, "needs exactly one of container or url");
  if (!b.url.empty() && !b.url.starts_with("http://"))
    bad(path + ".url", "only http:// URLs of local containers are supported");
  if (!b.container.empty()) {
    bool known = false;
    std::string kinds;
    for (auto kind : container_kinds()) {
      if (kind == b.container) known = true;
      kinds += (kinds.empty() ? "" : ", ") + std::string(kind);
    }
    if (!known) bad(path + ".container", "unknown container '" + b.container + "' (" + kinds + ")");
  }
  return b;
}

FaultConfig fault(const YAML::Node& node, const std::string& path) {
  expect_map(
      node, path,
      {"kind", "rate", "after_parts", "original_status", "message", "error_code", "operations"});
  FaultConfig f;
  if (!node["kind"]) bad(path, "needs kind");
  const auto kind_name = text(node["kind"], path + ".kind");
  const auto kind = fault_kind_from_string(kind_name);
  if (!kind) bad(path + ".kind", "unknown fault kind '" + kind_name + "'");
  f.kind = *kind;
  if (node["rate"]) {
    f.rate = scalar<double>(node["rate"], path + ".rate");
    if (!(f.rate >= 0.0 && f.rate <= 1.0)) bad(path + ".rate", "must be between 0 and 1");
  }
  if (node["after_parts"])
    f.after_parts = scalar<std::size_t>(node["after_parts"], path + ".after_parts");
  if (node["original_status"]) {
    f.original_status = scalar<int>(node["original_status"], path + ".original_status");
    if (f.original_status < 0 || f.original_status > 599)
      bad(path + ".original_status", "must be an HTTP status (0 for a timeout)");
  }
  if (node["message"]) f.message = text(node["message"], path + ".message");
  if (node["error_code"]) f.error_code = text(node["error_code"], path + ".error_code");
  if (node["operations"]) f.operations = string_list(node["operations"], path + ".operations");
  return f;
}

SystemTime timestamp(const YAML::Node& node, const std::string& path) {
  const auto value = text(node, path);
  if (!value.empty() && value.find_first_not_of("0123456789") == std::string::npos) {
    // The clock holds nanoseconds in 64 bits: up to 2262.
    long long seconds = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec != std::errc() || end != value.data() + value.size() || seconds > 9'000'000'000LL)
      bad(path, "epoch seconds out of range");
    return SystemTime(std::chrono::seconds(seconds));
  }
  const auto parsed = aws::parse_iso8601_time(value);
  if (!parsed) bad(path, "expected epoch seconds or an ISO 8601 time");
  return *parsed;
}

EndpointConfig endpoint(const YAML::Node& node, const std::string& path) {
  expect_map(
      node, path,
      {"name", "regions", "status", "creation_time", "endpoint_config_name", "backend", "container",
       "url", "variants", "inference_components", "chunking", "latency", "faults"});
  EndpointConfig e;
  if (!node["name"]) bad(path, "needs name");
  e.name = text(node["name"], path + ".name");
  if (node["regions"]) e.regions = string_list(node["regions"], path + ".regions");
  if (node["status"]) {
    e.status = text(node["status"], path + ".status");
    static const std::set<std::string, std::less<>> statuses = {
        "OutOfService", "Creating", "Updating", "SystemUpdating",      "RollingBack",
        "InService",    "Deleting", "Failed",   "UpdateRollbackFailed"};
    if (!statuses.contains(e.status)) bad(path + ".status", "unknown endpoint status");
  }
  if (node["creation_time"])
    e.creation_time = timestamp(node["creation_time"], path + ".creation_time");
  if (node["endpoint_config_name"])
    e.endpoint_config_name = text(node["endpoint_config_name"], path + ".endpoint_config_name");
  // `container:`/`url:` directly on the endpoint is shorthand for a backend block.
  if (node["backend"]) {
    if (node["container"] || node["url"]) bad(path, "use either backend or container/url");
    e.backend = backend(node["backend"], path + ".backend");
  } else if (node["container"] || node["url"]) {
    YAML::Node b(YAML::NodeType::Map);
    if (node["container"]) b["container"] = node["container"];
    if (node["url"]) b["url"] = node["url"];
    e.backend = backend(b, path);
  }
  if (const auto& variants = node["variants"]) {
    if (!variants.IsSequence()) bad(path + ".variants", "expected a list");
    for (std::size_t i = 0; i < variants.size(); ++i) {
      const auto vp = path + ".variants[" + std::to_string(i) + "]";
      const auto& v = variants[i];
      expect_map(v, vp, {"name", "weight", "instance_count", "instance_type", "backend"});
      VariantConfig variant;
      if (v["name"]) variant.name = text(v["name"], vp + ".name");
      if (v["weight"]) variant.weight = scalar<double>(v["weight"], vp + ".weight");
      if (v["instance_count"])
        variant.instance_count = scalar<int>(v["instance_count"], vp + ".instance_count");
      if (v["instance_type"])
        variant.instance_type = text(v["instance_type"], vp + ".instance_type");
      if (v["backend"]) variant.backend = backend(v["backend"], vp + ".backend");
      e.variants.push_back(std::move(variant));
    }
  }
  if (const auto& components = node["inference_components"]) {
    if (!components.IsSequence()) bad(path + ".inference_components", "expected a list");
    for (std::size_t i = 0; i < components.size(); ++i) {
      const auto cp = path + ".inference_components[" + std::to_string(i) + "]";
      const auto& c = components[i];
      expect_map(c, cp, {"name", "variant", "backend"});
      InferenceComponentConfig component;
      if (!c["name"] || !c["backend"]) bad(cp, "needs name and backend");
      component.name = text(c["name"], cp + ".name");
      if (c["variant"]) component.variant = text(c["variant"], cp + ".variant");
      component.backend = backend(c["backend"], cp + ".backend");
      e.inference_components.push_back(std::move(component));
    }
  }
  const bool has_backend = !e.backend.container.empty() || !e.backend.url.empty();
  bool every_variant_has_backend = !e.variants.empty();
  for (const auto& v : e.variants)
    if (!v.backend) every_variant_has_backend = false;
  if (!has_backend && !every_variant_has_backend && e.inference_components.empty())
    bad(path, "needs a backend (container or url), per variant backends or inference components");
  if (const auto& c = node["chunking"]) {
    expect_map(c, path + ".chunking", {"random", "min_part", "max_part", "seed"});
    if (c["random"]) e.chunking.random = scalar<bool>(c["random"], path + ".chunking.random");
    if (c["min_part"])
      e.chunking.min_part = scalar<std::size_t>(c["min_part"], path + ".chunking.min_part");
    if (c["max_part"])
      e.chunking.max_part = scalar<std::size_t>(c["max_part"], path + ".chunking.max_part");
    if (c["seed"]) e.chunking.seed = scalar<std::uint64_t>(c["seed"], path + ".chunking.seed");
    if (e.chunking.min_part < 1 || e.chunking.max_part < e.chunking.min_part)
      bad(path + ".chunking", "needs 1 <= min_part <= max_part");
  }
  if (const auto& l = node["latency"]) {
    expect_map(l, path + ".latency", {"first_byte_ms", "per_part_ms"});
    if (l["first_byte_ms"])
      e.latency.first_byte = milliseconds(l["first_byte_ms"], path + ".latency.first_byte_ms");
    if (l["per_part_ms"])
      e.latency.per_part = milliseconds(l["per_part_ms"], path + ".latency.per_part_ms");
  }
  if (const auto& faults = node["faults"]) {
    if (!faults.IsSequence()) bad(path + ".faults", "expected a list");
    for (std::size_t i = 0; i < faults.size(); ++i)
      e.faults.push_back(fault(faults[i], path + ".faults[" + std::to_string(i) + "]"));
  }
  return e;
}

template <class T, class F>
std::vector<T> list(const YAML::Node& node, const std::string& path, F&& parse_one) {
  if (!node.IsSequence()) bad(path, "expected a list");
  std::vector<T> out;
  for (std::size_t i = 0; i < node.size(); ++i)
    out.push_back(parse_one(node[i], path + "[" + std::to_string(i) + "]"));
  return out;
}

EmulatorConfig parse(const YAML::Node& root, const Environment& environment) {
  EmulatorConfig config = default_config(environment);
  if (!root || root.IsNull()) return config;
  expect_map(
      root, "config",
      {"account", "seed", "sts_duration_scale", "max_clock_skew_seconds", "request_log_capacity",
       "max_body_bytes", "identities", "roles", "endpoints", "buckets"});
  if (root["account"]) {
    config.account = text(root["account"], "account");
    if (config.account.size() != 12 ||
        config.account.find_first_not_of("0123456789") != std::string::npos)
      bad("account", "must be 12 digits");
  }
  if (root["seed"]) config.seed = scalar<std::uint64_t>(root["seed"], "seed");
  if (root["sts_duration_scale"]) {
    config.sts_duration_scale = scalar<double>(root["sts_duration_scale"], "sts_duration_scale");
    if (!(config.sts_duration_scale > 0.0)) bad("sts_duration_scale", "must be positive");
  }
  if (root["max_clock_skew_seconds"])
    config.max_clock_skew = seconds(root["max_clock_skew_seconds"], "max_clock_skew_seconds");
  if (root["request_log_capacity"])
    config.request_log_capacity =
        scalar<std::size_t>(root["request_log_capacity"], "request_log_capacity");
  if (root["max_body_bytes"])
    config.max_body_bytes = scalar<std::size_t>(root["max_body_bytes"], "max_body_bytes");
  if (root["identities"])
    config.identities = list<IdentityConfig>(root["identities"], "identities", identity);
  if (root["roles"]) config.roles = list<RoleConfig>(root["roles"], "roles", role);
  if (root["endpoints"])
    config.endpoints = list<EndpointConfig>(root["endpoints"], "endpoints", endpoint);
  if (root["buckets"]) config.buckets = string_list(root["buckets"], "buckets");

  std::set<std::string, std::less<>> names;
  for (const auto& e : config.endpoints)
    if (!names.insert(e.name).second) bad("endpoints", "duplicate endpoint '" + e.name + "'");
  std::set<std::string, std::less<>> keys;
  for (const auto& i : config.identities)
    if (!keys.insert(i.access_key_id).second)
      bad("identities", "duplicate access_key_id '" + i.access_key_id + "'");
  return config;
}

}  // namespace

Result<EmulatorConfig> parse_config_yaml(std::string_view text, const Environment& environment) {
  try {
    return parse(YAML::Load(std::string(text)), environment);
  } catch (const ConfigError& e) {
    return fail(ErrorKind::invalid_argument, "InvalidConfig", e.what());
  } catch (const YAML::Exception& e) {
    return fail(ErrorKind::invalid_argument, "InvalidConfig", std::string("YAML: ") + e.what());
  }
}

Result<EmulatorConfig> load_config_file(const std::string& path, const Environment& environment) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return fail(ErrorKind::invalid_argument, "InvalidConfig", "cannot read config file " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  auto config = parse_config_yaml(buffer.str(), environment);
  if (!config) config.error().message = path + ": " + config.error().message;
  return config;
}

}  // namespace smp::emulator
