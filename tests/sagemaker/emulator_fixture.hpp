#pragma once
// What the sagemaker tests over real sockets share: an in-process emulator started from YAML
// (or its defaults), and connection settings that reach it with its test/test keys.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include "emulator/config.hpp"
#include "emulator/config_yaml.hpp"
#include "emulator/emulator.hpp"
#include "sagemaker/connection.hpp"

namespace smp::sagemaker::testing {

// nullptr (with a test failure recorded) when the config does not parse or the server fails.
inline std::unique_ptr<emulator::Emulator> start_emulator(std::string_view yaml,
                                                          const Environment& env) {
  auto config = yaml.empty() ? Result<emulator::EmulatorConfig>(emulator::default_config(env))
                             : emulator::parse_config_yaml(yaml, env);
  if (!config) {
    ADD_FAILURE() << config.error().describe();
    return nullptr;
  }
  auto created = emulator::Emulator::create(std::move(*config));
  if (!created) {
    ADD_FAILURE() << created.error().describe();
    return nullptr;
  }
  if (!(*created)->start()) {
    ADD_FAILURE() << "the emulator did not start";
    return nullptr;
  }
  return std::move(*created);
}

inline ConnectionSettings emulator_settings(const emulator::Emulator& emulator,
                                            std::string region = "us-east-1") {
  ConnectionSettings settings;
  settings.region = std::move(region);
  settings.endpoint_url = emulator.url();
  settings.credentials.access_key_id = "test";
  settings.credentials.secret_access_key = "test";
  return settings;
}

}  // namespace smp::sagemaker::testing
