#pragma once
// The gateway's YAML configuration (README.md "Configuration"): where to listen, the API keys
// with their model allow-lists, AWS defaults and the models. Values go through ${VAR}
// expansion; every error names the key path and the line ("models[1].type (line 7): ...").
// A model entry is flattened into the provider's settings (the Dify form field names), so
// every provider setting can be given per model; short aliases (endpoint, format, region) and
// an `aws:` block (defaults at the top, overrides per model) are translated here.
#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/environment.hpp"
#include "base/error.hpp"

namespace smp::gateway {

struct ApiKeyConfig {
  std::string key;                  // secret: never logged
  std::string name;                 // optional label for logs and metrics
  std::vector<std::string> models;  // allowed model names; "*" = all; empty = all
};

struct ModelEntry {
  std::string name;  // what clients send as "model"
  std::string type;  // llm, text-embedding, rerank, tts, speech2text
  // Provider settings (sagemaker_endpoint, payload_format, aws_region, ...) as strings.
  std::vector<std::pair<std::string, std::string>> settings;
  int line = 0;  // 1-based line of the entry, for errors found later (provider checks)
};

struct GatewayConfig {
  std::string listen;  // "" = the command's default
  std::vector<ApiKeyConfig> api_keys;
  std::vector<ModelEntry> models;
  std::size_t max_body_bytes = 32 * 1024 * 1024;       // audio uploads are the large ones
  std::size_t threads = 0;                             // 0 = hardware concurrency
  std::chrono::seconds drain_timeout{20};              // graceful stop deadline
  std::chrono::milliseconds stream_keepalive{15'000};  // SSE comments on quiet streams; 0 = off
};

// `source` names the file in messages.
Result<GatewayConfig> parse_gateway_config(std::string_view yaml, const Environment& environment,
                                           std::string_view source = "config");
Result<GatewayConfig> load_gateway_config(const std::string& path, const Environment& environment);

}  // namespace smp::gateway
