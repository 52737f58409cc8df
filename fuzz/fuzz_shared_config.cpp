// The AWS shared config/credentials parser under arbitrary bytes.
//
// Input layout: the config file's text, then a NUL byte, then the credentials file's text (no
// NUL: everything is the config file). Oracles beyond "no crash, no sanitizer report":
//  - parsing is deterministic;
//  - every parsed section written back as plain "[name]" / "key = value" lines parses to the
//    same names and values (single-line values without sub-sections);
//  - every profile name is non-empty and every key lower-case;
//  - credential_process values go through the command-line splitter (never executed).
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "aws/ini.hpp"
#include "aws/providers/process_runner.hpp"
#include "aws/shared_config.hpp"

namespace {

using namespace smp::aws;

void check(bool condition) {
  if (!condition) std::abort();
}

void check_round_trip(const IniDocument& doc) {
  std::string text;
  for (const IniSection& section : doc.sections) {
    text += "[" + section.name + "]\n";
    for (const auto& [key, property] : section.properties) {
      if (property.value.find('\n') != std::string::npos || !property.sub_properties.empty()) {
        continue;
      }
      text += key + " = " + property.value + "\n";
    }
  }
  auto again = parse_ini(text, "round-trip");
  check(again.has_value());
  check(again->sections.size() == doc.sections.size());
  for (size_t i = 0; i < doc.sections.size(); ++i) {
    check(again->sections[i].name == doc.sections[i].name);
    for (const auto& [key, property] : doc.sections[i].properties) {
      if (property.value.find('\n') != std::string::npos || !property.sub_properties.empty()) {
        continue;
      }
      auto it = again->sections[i].properties.find(key);
      check(it != again->sections[i].properties.end());
      check(it->second.value == property.value);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const std::string_view config_text = input.substr(0, nul);
  const std::string_view credentials_text =
      nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1);

  if (auto doc = parse_ini(config_text, "config")) check_round_trip(*doc);

  auto first = parse_shared_config(config_text, credentials_text, {"config", "credentials"});
  auto second = parse_shared_config(config_text, credentials_text, {"config", "credentials"});
  check(first.has_value() == second.has_value());
  if (!first) {
    check(!first.error().message.empty());
    return 0;
  }
  check(first->profile_names() == second->profile_names());
  for (const auto& [name, profile] : first->profiles) {
    check(!name.empty());
    for (const auto& [key, value] : profile.properties) {
      for (char c : key)
        check(!std::isupper(static_cast<unsigned char>(c)));
    }
    if (auto command = profile.get("credential_process")) {
      auto parsed = parse_command_line(*command);
      if (parsed) check(!parsed->argv.empty());
    }
  }
  (void)first->profile_not_found("fuzz").describe();
  return 0;
}
