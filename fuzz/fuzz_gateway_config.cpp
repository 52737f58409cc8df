// libFuzzer target for the gateway configuration: YAML parsing with ${VAR} expansion, the
// flattening into provider settings, and ModelTable::build (the provider's field checks).
// Errors must be invalid_argument values with a message, never an exception or a crash.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/environment.hpp"
#include "gateway/env_expand.hpp"
#include "gateway/gateway_config.hpp"
#include "gateway/model_table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const smp::MapEnvironment environment{{"GATEWAY_KEY", "sk-gateway-fuzz"},
                                               {"REGION", "us-east-1"}};
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)smp::gateway::expand_variables(text, environment);
  auto config = smp::gateway::parse_gateway_config(text, environment, "fuzz.yaml");
  if (!config) {
    if (config.error().kind != smp::ErrorKind::invalid_argument || config.error().message.empty())
      std::abort();
    return 0;
  }
  if (config->models.empty()) std::abort();  // the loader requires at least one
  auto table = smp::gateway::ModelTable::build(config->models);
  if (!table && table.error().message.empty()) std::abort();
  return 0;
}
