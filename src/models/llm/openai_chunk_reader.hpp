#pragma once
// The fast path for the hot record of every OpenAI-format stream: a chat.completion.chunk with a
// content or reasoning delta (or the usage chunk). It reads the record with an event parser
// straight into a ChatChunk, without building a JSON tree, which is most of the cost of a
// stream. Anything less common — tool calls, error records, several choices, content parts, a
// whole chat.completion, malformed JSON — is declined and left to openai_chat's general decoder,
// so both paths give the same answer for every record.
#include <memory>
#include <string_view>

#include "models/llm/chat_types.hpp"

namespace smp::models {

class OpenAiChunkReader {
 public:
  OpenAiChunkReader();
  ~OpenAiChunkReader();
  OpenAiChunkReader(const OpenAiChunkReader&) = delete;
  OpenAiChunkReader& operator=(const OpenAiChunkReader&) = delete;

  // true: `out` (cleared by the caller) holds the decoded record. false: declined; `out` may be
  // partly filled and must be cleared before the general decoder runs.
  bool read(std::string_view record, ChatChunk& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace smp::models
