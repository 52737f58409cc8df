#pragma once
// A whole chat stream in one object: payload-part bytes → StreamFramer → ChatStreamDecoder →
// ChatStreamAssembler → shaped chunks for a streaming front door, then the final ChatResult.
// One reader per response stream. The first error (a bad record, a container error inside the
// stream) ends the stream; the reader accepts nothing after it.
#include <string_view>

#include "base/error.hpp"
#include "models/function_ref.hpp"
#include "models/llm/chat_format.hpp"
#include "models/llm/chat_stream_assembler.hpp"
#include "models/llm/chat_stream_decoder.hpp"
#include "models/llm/chat_types.hpp"
#include "models/stream_framer.hpp"

namespace smp::models {

class ChatStreamReader {
 public:
  // Receives each shaped, non-empty chunk; valid only during the call.
  using ChunkSink = FunctionRef<void(const ChatChunk&)>;

  explicit ChatStreamReader(ChatFormat format, ChatOutputOptions options = {},
                            StreamFramerLimits limits = {});

  Result<void> feed(std::string_view payload_part, ChunkSink on_chunk);
  // Ends the stream and returns the assembled result; the last chunk sent to `on_chunk` carries
  // the finish reason and usage. A stream without a single record is an error (an empty reply
  // is never taken for an empty answer).
  Result<ChatResult> finish(ChunkSink on_chunk);

  // The format in use (the detected one once known, for `automatic`).
  ChatFormat format() const { return decoder_.format(); }

 private:
  Result<void> on_record(const StreamRecord& record, ChunkSink on_chunk);

  StreamFramer framer_;
  ChatStreamDecoder decoder_;
  ChatStreamAssembler assembler_;
  ChatChunk decoded_;
  ChatChunk shaped_;
};

}  // namespace smp::models
