#pragma once
// What a configured model can do, for schema descriptions (Dify's customizable-model schema,
// the gateway's /v1/models). Derived from the config only: no network call.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "provider/model_config.hpp"

namespace smp::provider {

struct ModelFeatures {
  ModelType type = ModelType::llm;
  std::string mode;                        // llm: "chat" or "completion"; "" otherwise
  std::int64_t context_size = 0;           // llm: context_length; text-embedding: context size
  std::int64_t max_tokens_default = 0;     // llm: Dify's max_tokens default (≤ context_size)
  bool tool_call = false;                  // function_calling_type tool_call or stream_tool_call
  bool multi_tool_call = false;            // same: OpenAI-style containers return several calls
  bool stream_tool_call = false;           // function_calling_type stream_tool_call
  bool vision = false;                     // vision_support == "support"
  std::optional<std::int64_t> max_chunks;  // text-embedding: embedding_batch_size

  // Dify's feature names in a stable order: "tool-call", "multi-tool-call", "stream-tool-call",
  // "vision".
  std::vector<std::string> dify_feature_names() const;
};

ModelFeatures describe_model(const ModelConfig& config);

}  // namespace smp::provider
