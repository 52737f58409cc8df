#pragma once
// The flat settings of one model: Dify's credential form fields, a gateway YAML entry, CLI flags,
// all as string → string. Values stay strings here; model_config.hpp parses and checks them.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace smp::provider {

using Settings = std::map<std::string, std::string, std::less<>>;

// The value of `key`, or nullopt when it is absent or blank (Dify sends "" for an untouched
// optional field; a blank value means "use the default" everywhere).
std::optional<std::string_view> setting(const Settings& settings, std::string_view key);

}  // namespace smp::provider
