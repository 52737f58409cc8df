#include "provider/model_type.hpp"

#include <string>

namespace smp::provider {

std::string_view to_string(ModelType type) {
  switch (type) {
    case ModelType::llm:
      return "llm";
    case ModelType::text_embedding:
      return "text-embedding";
    case ModelType::rerank:
      return "rerank";
    case ModelType::tts:
      return "tts";
    case ModelType::speech2text:
      return "speech2text";
  }
  return "llm";
}

Result<ModelType> parse_model_type(std::string_view name) {
  if (name == "llm" || name == "chat") return ModelType::llm;
  if (name == "text-embedding" || name == "text_embedding" || name == "embedding")
    return ModelType::text_embedding;
  if (name == "rerank") return ModelType::rerank;
  if (name == "tts") return ModelType::tts;
  if (name == "speech2text" || name == "stt") return ModelType::speech2text;
  return fail(ErrorKind::invalid_argument, "UnknownModelType",
              "unknown model type \"" + std::string(name) +
                  "\" (valid: llm, text-embedding, rerank, tts, speech2text)");
}

}  // namespace smp::provider
