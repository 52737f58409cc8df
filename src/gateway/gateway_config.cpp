#include "gateway/gateway_config.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "gateway/env_expand.hpp"

namespace smp::gateway {
namespace {

// Thrown inside the loader only; parse_gateway_config turns it into an Error.
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Loader {
  const Environment& environment;

  [[noreturn]] void bad(const YAML::Node& node, const std::string& path,
                        const std::string& what) const {
    std::string where = path;
    if (node.IsDefined() && node.Mark().line >= 0)
      where += " (line " + std::to_string(node.Mark().line + 1) + ")";
    throw ConfigError(where + ": " + what);
  }

  std::string text(const YAML::Node& node, const std::string& path) const {
    if (!node.IsScalar()) bad(node, path, "expected a single value");
    auto expanded = expand_variables(node.Scalar(), environment);
    if (!expanded) bad(node, path, expanded.error().message);
    return std::move(*expanded);
  }

  long long integer(const YAML::Node& node, const std::string& path, long long min,
                    long long max) const {
    const auto value = text(node, path);
    long long out = 0;
    try {
      std::size_t used = 0;
      out = std::stoll(value, &used);
      if (used != value.size()) throw std::invalid_argument("trailing");
    } catch (const std::exception&) {
      bad(node, path, "expected an integer, got '" + value + "'");
    }
    if (out < min || out > max)
      bad(node, path, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return out;
  }

  void expect_map(const YAML::Node& node, const std::string& path,
                  std::initializer_list<std::string_view> keys) const {
    if (!node.IsMap()) bad(node, path, "expected a mapping");
    for (const auto& item : node) {
      const auto key = item.first.as<std::string>();
      bool known = false;
      for (auto k : keys)
        if (k == key) known = true;
      if (!known) {
        std::string list;
        for (auto k : keys)
          list += (list.empty() ? "" : ", ") + std::string(k);
        bad(item.first, path.empty() ? key : path + "." + key,
            "unknown key (expected one of: " + list + ")");
      }
    }
  }

  // aws: {...} → provider setting names.
  void aws_block(const YAML::Node& node, const std::string& path,
                 std::vector<std::pair<std::string, std::string>>& out) const {
    expect_map(node, path,
               {"region", "endpoint_url", "access_key_id", "secret_access_key", "session_token",
                "profile", "assume_role_arn", "role_arn", "external_id", "role_session_name"});
    for (const auto& item : node) {
      const auto key = item.first.as<std::string>();
      const auto value = text(item.second, path + "." + key);
      std::string name = key;
      if (key == "region")
        name = "aws_region";
      else if (key == "access_key_id")
        name = "aws_access_key_id";
      else if (key == "secret_access_key")
        name = "aws_secret_access_key";
      else if (key == "session_token")
        name = "aws_session_token";
      else if (key == "profile")
        name = "aws_profile";
      else if (key == "role_arn")
        name = "assume_role_arn";
      out.emplace_back(name, value);
    }
  }

  static void put(std::vector<std::pair<std::string, std::string>>& settings, std::string key,
                  std::string value) {
    for (auto& [k, v] : settings) {
      if (k == key) {
        v = std::move(value);
        return;
      }
    }
    settings.emplace_back(std::move(key), std::move(value));
  }

  ModelEntry model(const YAML::Node& node, const std::string& path,
                   const std::vector<std::pair<std::string, std::string>>& aws_defaults) const {
    if (!node.IsMap()) bad(node, path, "expected a mapping with name, type and endpoint");
    ModelEntry entry;
    entry.line = node.Mark().line + 1;
    entry.settings = aws_defaults;
    std::vector<std::pair<std::string, std::string>> overrides;
    for (const auto& item : node) {
      const auto key = item.first.as<std::string>();
      const auto item_path = path + "." + key;
      if (key == "name") {
        entry.name = text(item.second, item_path);
      } else if (key == "type") {
        entry.type = text(item.second, item_path);
      } else if (key == "aws") {
        aws_block(item.second, item_path, overrides);
      } else {
        std::string name = key;
        if (key == "endpoint")
          name = "sagemaker_endpoint";
        else if (key == "format")
          name = "payload_format";
        else if (key == "region")
          name = "aws_region";
        overrides.emplace_back(name, text(item.second, item_path));
      }
    }
    for (auto& [k, v] : overrides)
      put(entry.settings, k, v);
    if (entry.name.empty()) bad(node, path + ".name", "every model needs a name");
    if (entry.type.empty())
      bad(node, path + ".type", "missing (llm, text-embedding, rerank, tts or speech2text)");
    bool has_endpoint = false;
    for (const auto& [k, v] : entry.settings)
      if (k == "sagemaker_endpoint" && !v.empty()) has_endpoint = true;
    if (!has_endpoint) bad(node, path + ".endpoint", "missing (the SageMaker endpoint name)");
    return entry;
  }

  GatewayConfig load(const YAML::Node& root) const {
    GatewayConfig config;
    if (!root.IsDefined() || root.IsNull()) throw ConfigError("the file is empty");
    expect_map(root, "",
               {"listen", "api_keys", "aws", "models", "max_body_bytes", "threads",
                "drain_timeout_seconds", "stream_keepalive_ms"});
    if (root["listen"]) config.listen = text(root["listen"], "listen");
    if (root["max_body_bytes"])
      config.max_body_bytes = static_cast<std::size_t>(
          integer(root["max_body_bytes"], "max_body_bytes", 1024, 1LL << 30));
    if (root["threads"])
      config.threads = static_cast<std::size_t>(integer(root["threads"], "threads", 1, 256));
    if (root["drain_timeout_seconds"])
      config.drain_timeout = std::chrono::seconds(
          integer(root["drain_timeout_seconds"], "drain_timeout_seconds", 0, 3600));

    if (root["stream_keepalive_ms"])
      config.stream_keepalive = std::chrono::milliseconds(
          integer(root["stream_keepalive_ms"], "stream_keepalive_ms", 0, 600'000));

    std::vector<std::pair<std::string, std::string>> aws_defaults;
    if (root["aws"]) aws_block(root["aws"], "aws", aws_defaults);

    const auto models = root["models"];
    if (!models || !models.IsSequence() || models.size() == 0)
      bad(models ? models : root, "models", "expected a non-empty list of models");
    std::set<std::string> names;
    for (std::size_t i = 0; i < models.size(); ++i) {
      const auto path = "models[" + std::to_string(i) + "]";
      auto entry = model(models[i], path, aws_defaults);
      if (!names.insert(entry.name).second)
        bad(models[i], path + ".name", "'" + entry.name + "' is defined twice");
      config.models.push_back(std::move(entry));
    }

    if (const auto keys = root["api_keys"]) {
      if (!keys.IsSequence()) bad(keys, "api_keys", "expected a list of {key, models}");
      for (std::size_t i = 0; i < keys.size(); ++i) {
        const auto path = "api_keys[" + std::to_string(i) + "]";
        const auto& node = keys[i];
        ApiKeyConfig key;
        if (node.IsScalar()) {
          key.key = text(node, path);
        } else {
          expect_map(node, path, {"key", "name", "models"});
          if (!node["key"]) bad(node, path + ".key", "missing");
          key.key = text(node["key"], path + ".key");
          if (node["name"]) key.name = text(node["name"], path + ".name");
          if (const auto allowed = node["models"]) {
            if (allowed.IsScalar()) {
              key.models.push_back(text(allowed, path + ".models"));
            } else if (allowed.IsSequence()) {
              for (std::size_t j = 0; j < allowed.size(); ++j)
                key.models.push_back(text(allowed[j], path + ".models[" + std::to_string(j) + "]"));
            } else {
              bad(allowed, path + ".models", "expected a list of model names");
            }
            for (std::size_t j = 0; j < key.models.size(); ++j) {
              if (key.models[j] != "*" && !names.contains(key.models[j]))
                bad(allowed, path + ".models",
                    "'" + key.models[j] + "' is not one of the configured models");
            }
          }
        }
        if (key.key.size() < 8)
          bad(node, path + ".key", "must be at least 8 characters (is the variable empty?)");
        if (key.name.empty()) key.name = "key" + std::to_string(i);
        config.api_keys.push_back(std::move(key));
      }
    }
    return config;
  }
};

}  // namespace

Result<GatewayConfig> parse_gateway_config(std::string_view yaml, const Environment& environment,
                                           std::string_view source) {
  try {
    const auto root = YAML::Load(std::string(yaml));
    return Loader{environment}.load(root);
  } catch (const YAML::Exception& e) {
    return fail(ErrorKind::invalid_argument, "InvalidConfig",
                std::string(source) + ": line " + std::to_string(e.mark.line + 1) + ": " + e.msg);
  } catch (const ConfigError& e) {
    return fail(ErrorKind::invalid_argument, "InvalidConfig",
                std::string(source) + ": " + e.what());
  }
}

Result<GatewayConfig> load_gateway_config(const std::string& path, const Environment& environment) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return fail(ErrorKind::invalid_argument, "ConfigNotReadable",
                "cannot read the gateway config " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return parse_gateway_config(text.str(), environment, path);
}

}  // namespace smp::gateway
