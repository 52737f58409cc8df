#pragma once
// Loads the emulator configuration from YAML (schema and example in src/emulator/README.md).
// Strict about names: an unknown key is an error that names its path, so a typo in a fault or a
// policy is not silently ignored. A top-level section that is absent keeps its default
// (identities, roles, endpoints, buckets of default_config()).
#include <string>
#include <string_view>

#include "base/environment.hpp"
#include "base/error.hpp"
#include "emulator/config.hpp"

namespace smp::emulator {

Result<EmulatorConfig> parse_config_yaml(std::string_view text, const Environment& environment);
Result<EmulatorConfig> load_config_file(const std::string& path, const Environment& environment);

}  // namespace smp::emulator
