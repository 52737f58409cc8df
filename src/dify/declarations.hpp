#pragma once
// The plugin's declarations as the remote (TCP debugging) runtime sends them
// (dify-plugin-protocol.md §4.3, §9): the embedded manifest.yaml and provider/sagemaker.yaml turned
// into JSON, and the icons as asset chunks. YAML scalars follow YAML 1.2's core schema as Go's
// yaml.v3 reads them: plain true/false/null/numbers are typed, quoted scalars stay strings.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace smp::dify {

Result<boost::json::value> yaml_to_json(std::string_view yaml);

struct Declarations {
  boost::json::object manifest;
  boost::json::object provider;  // with "models": [] (customizable only)
};

Result<Declarations> load_declarations();

// The registration lines after the handshake: manifest_declaration, model_declaration, one
// asset_chunk per 8192 raw bytes of each referenced icon, end. Each ends in "\n".
Result<std::vector<std::string>> registration_lines(const Declarations& declarations);
std::string handshake_line(std::string_view key);

}  // namespace smp::dify
