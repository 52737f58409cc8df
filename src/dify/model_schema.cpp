#include "dify/model_schema.hpp"

#include <boost/json/array.hpp>

#include "provider/model_features.hpp"
#include "provider/model_type.hpp"
#include "provider/speech_synthesis.hpp"

namespace smp::dify {

namespace json = boost::json;

namespace {

json::object label(std::string_view en, std::string_view zh = {}) {
  json::object o;
  o["en_US"] = en;
  if (!zh.empty()) o["zh_Hans"] = zh;
  return o;
}

json::object rule(std::string_view name, std::string_view tpl, std::string_view type,
                  json::object l) {
  json::object r;
  r["name"] = name;
  if (!tpl.empty()) r["use_template"] = tpl;
  r["label"] = std::move(l);
  r["type"] = type;
  r["required"] = false;
  return r;
}

json::array llm_rules(const provider::ModelFeatures& f) {
  json::array rules;
  auto temperature = rule("temperature", "temperature", "float", label("Temperature", "温度"));
  temperature["default"] = 0.7;
  temperature["min"] = 0.0;
  temperature["max"] = 2.0;
  temperature["precision"] = 2;
  temperature["help"] = label("Higher values make the output more random.");
  rules.push_back(std::move(temperature));
  auto top_p = rule("top_p", "top_p", "float", label("Top P"));
  top_p["default"] = 1.0;
  top_p["min"] = 0.0;
  top_p["max"] = 1.0;
  top_p["precision"] = 2;
  top_p["help"] = label("Nucleus sampling: only tokens within this probability mass.");
  rules.push_back(std::move(top_p));
  auto max_tokens = rule("max_tokens", "max_tokens", "int", label("Max Tokens", "最大标记"));
  max_tokens["default"] = std::max<std::int64_t>(1, f.max_tokens_default);
  max_tokens["min"] = 1;
  max_tokens["max"] = std::max<std::int64_t>(1, f.context_size);
  max_tokens["precision"] = 0;
  max_tokens["help"] = label("The most tokens to generate.");
  rules.push_back(std::move(max_tokens));
  auto format = rule("response_format", "response_format", "string", label("Response Format"));
  format["options"] = json::array{"text", "json_object", "json_schema"};
  format["help"] =
      label("json_object and json_schema constrain the output where the container supports it.");
  rules.push_back(std::move(format));
  auto schema = rule("json_schema", "json_schema", "text", label("JSON Schema"));
  schema["help"] = label("The schema for response_format json_schema.");
  rules.push_back(std::move(schema));
  return rules;
}

}  // namespace

json::array tts_voices() {
  json::array voices;
  for (const char* v : {"中文女", "中文男", "日语男", "粤语女", "英文女", "英文男", "韩语女"}) {
    json::object o;
    o["name"] = v;
    o["value"] = v;
    voices.push_back(std::move(o));
  }
  return voices;
}

json::object model_schema(const provider::ModelConfig& config) {
  const auto features = provider::describe_model(config);
  json::object s;
  s["model"] = config.model_name;
  s["label"] = label(config.model_name);
  s["model_type"] = provider::to_string(config.type);
  json::array names;
  for (const auto& n : features.dify_feature_names())
    names.push_back(json::string(n));
  s["features"] = std::move(names);
  s["fetch_from"] = "customizable-model";
  json::object props;
  json::array rules;
  switch (config.type) {
    case provider::ModelType::llm:
      props["mode"] = features.mode.empty() ? "chat" : features.mode;
      props["context_size"] = features.context_size;
      rules = llm_rules(features);
      break;
    case provider::ModelType::text_embedding:
      props["context_size"] = features.context_size;
      props["max_chunks"] = features.max_chunks.value_or(1);
      break;
    case provider::ModelType::tts: {
      props["audio_type"] = "mp3";
      json::array voices;
      for (const auto& v : provider::tts_voices(config, "")) {
        json::object o;
        o["name"] = v.name.empty() ? v.role : v.name;
        o["mode"] = v.role;
        json::array languages;
        languages.push_back(json::string(v.language));
        o["language"] = std::move(languages);
        voices.push_back(std::move(o));
      }
      if (!voices.empty()) props["default_voice"] = voices.front().at("mode");
      props["voices"] = std::move(voices);
      props["word_limit"] = 30;
      props["max_workers"] = 4;
      break;
    }
    case provider::ModelType::rerank:
    case provider::ModelType::speech2text:
      break;
  }
  s["model_properties"] = std::move(props);
  s["deprecated"] = false;
  s["parameter_rules"] = std::move(rules);
  s["pricing"] = nullptr;
  return s;
}

}  // namespace smp::dify
