#pragma once
// The five model types, named as Dify names them.
#include <string_view>

#include "base/error.hpp"

namespace smp::provider {

enum class ModelType { llm, text_embedding, rerank, tts, speech2text };

// "llm", "text-embedding", "rerank", "tts", "speech2text".
std::string_view to_string(ModelType type);
// The names above; "text_embedding", "embedding", "chat" and "stt" are accepted too. Unknown →
// invalid_argument listing the valid names.
Result<ModelType> parse_model_type(std::string_view name);

}  // namespace smp::provider
