#include "dify/credentials_form.hpp"

#include <boost/json/serialize.hpp>

#include "dify/protocol.hpp"
#include "provider/model_type.hpp"

namespace smp::dify {

namespace json = boost::json;

provider::Settings settings_from_credentials(const json::object& credentials) {
  provider::Settings out;
  for (const auto& [key, value] : credentials) {
    switch (value.kind()) {
      case json::kind::null:
        break;
      case json::kind::string:
        out.emplace(std::string(key), std::string(value.get_string()));
        break;
      case json::kind::bool_:
        out.emplace(std::string(key), value.get_bool() ? "true" : "false");
        break;
      case json::kind::int64:
        out.emplace(std::string(key), std::to_string(value.get_int64()));
        break;
      case json::kind::uint64:
        out.emplace(std::string(key), std::to_string(value.get_uint64()));
        break;
      default:
        out.emplace(std::string(key), json::serialize(value));
        break;
    }
  }
  return out;
}

void adapt_form_settings(provider::ModelType type, provider::Settings& settings) {
  // The free-text region wins over the list (aws-cn, aws-us-gov, new regions).
  if (auto custom = provider::setting(settings, "aws_region_custom"))
    settings["aws_region"] = std::string(*custom);
  // The Python plugin's values for this select.
  if (auto v = provider::setting(settings, "enable_request_metadata")) {
    if (*v == "enabled")
      settings["enable_request_metadata"] = "true";
    else if (*v == "disabled")
      settings["enable_request_metadata"] = "false";
  }
  // Defaults that keep the Python plugin's users' endpoints working: its embedding requests are
  // the bge-m3 handler's, its rerank requests the FlagReranker handler's.
  if (!provider::setting(settings, "payload_format")) {
    if (type == provider::ModelType::text_embedding) settings["payload_format"] = "bge-m3";
    if (type == provider::ModelType::rerank) settings["payload_format"] = "flag";
  }
}

Result<provider::ModelConfig> model_config_from_request(const json::object& data) {
  auto type_name = field::string(data, "model_type", true);
  if (!type_name) return fail(type_name.error());
  auto type = provider::parse_model_type(*type_name);
  if (!type) return fail(type.error());
  auto model = field::string(data, "model", true);
  if (!model) return fail(model.error());
  auto credentials = field::object(data, "credentials");
  if (!credentials) return fail(credentials.error());
  auto settings = settings_from_credentials(*credentials);
  adapt_form_settings(*type, settings);
  return provider::parse_model_config(*type, *model, settings);
}

}  // namespace smp::dify
