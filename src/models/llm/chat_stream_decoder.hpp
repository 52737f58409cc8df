#pragma once
// Framed stream records → decoded ChatChunks for one chat format, recognising the format from
// the first record when it is `automatic`. Container errors inside the stream ({"error":…}
// records, an SSE `event: error`, LMI's error token, finish_reason "error") come back as
// errors of kind model that end the stream. Per-stream state only.
#include "base/error.hpp"
#include "models/json_reply.hpp"
#include "models/llm/chat_format.hpp"
#include "models/llm/chat_types.hpp"
#include "models/llm/openai_chunk_reader.hpp"
#include "models/stream_framer.hpp"

namespace smp::models {

class ChatStreamDecoder {
 public:
  explicit ChatStreamDecoder(ChatFormat format) : format_(format) {}

  // Decodes one record into `out`, which is cleared first (its buffers are reused). An `out`
  // left empty means the record carried nothing to show (a role-only delta, [DONE]).
  Result<void> decode(const StreamRecord& record, ChatChunk& out);

  // The format in use: the configured one, or the detected one once a record was recognised.
  ChatFormat format() const { return format_; }
  bool saw_done() const { return saw_done_; }

 private:
  ChatFormat format_;
  OpenAiChunkReader openai_chunks_;  // the fast path for the common openai record
  JsonParser parser_;
  std::string event_;  // the SSE event name for the next data record
  bool saw_done_ = false;
};

// Empties a chunk but keeps its buffers.
void clear_chunk(ChatChunk& chunk);

}  // namespace smp::models
