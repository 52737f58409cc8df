#include "provider/model_features.hpp"

#include <algorithm>

namespace smp::provider {

std::vector<std::string> ModelFeatures::dify_feature_names() const {
  std::vector<std::string> names;
  if (tool_call) names.emplace_back("tool-call");
  if (multi_tool_call) names.emplace_back("multi-tool-call");
  if (stream_tool_call) names.emplace_back("stream-tool-call");
  if (vision) names.emplace_back("vision");
  return names;
}

ModelFeatures describe_model(const ModelConfig& config) {
  ModelFeatures f;
  f.type = config.type;
  switch (config.type) {
    case ModelType::llm: {
      f.mode = std::string(to_string(config.llm.mode));
      f.context_size = config.llm.context_length;
      f.max_tokens_default = std::min(config.llm.max_tokens_default, f.context_size);
      bool tools = config.llm.function_calling != FunctionCalling::none;
      f.tool_call = tools;
      f.multi_tool_call = tools;
      f.stream_tool_call = config.llm.function_calling == FunctionCalling::stream_tool_call;
      f.vision = config.llm.vision;
      break;
    }
    case ModelType::text_embedding:
      f.context_size = config.embedding.context_size;
      f.max_chunks = static_cast<std::int64_t>(config.embedding.batch_size);
      break;
    case ModelType::rerank:
    case ModelType::tts:
    case ModelType::speech2text:
      break;
  }
  return f;
}

}  // namespace smp::provider
