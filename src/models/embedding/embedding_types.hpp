#pragma once
// Neutral text-embedding types. Queries and documents are embedded differently by retrieval
// models (an instruction or prefix, or an input_type): Dify sends input_type "query" for
// searches, and embedding queries as documents ruins retrieval (user-needs.md G1, G2).
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "models/llm/chat_types.hpp"  // Usage

namespace smp::models {

enum class InputType { document, query };

struct EmbeddingRequest {
  std::string model;  // openai format: the model id ("" = left out)
  std::vector<std::string> texts;
  InputType input_type = InputType::document;
  std::optional<int> dimensions;  // forwarded where the format has it (tei, openai)
  std::optional<bool> normalize;  // forwarded to tei; applied here for the other formats
  // Cut each text to at most this many characters (UTF-8 code points) before sending, with a
  // warning per text; 0 = no limit.
  std::size_t truncate_chars = 0;
};

struct EmbeddingResult {
  std::vector<std::vector<float>> vectors;  // one per input text, in input order
  Usage usage;  // prompt_tokens and total_tokens; completion_tokens is 0
  std::vector<std::string> warnings;
};

}  // namespace smp::models
