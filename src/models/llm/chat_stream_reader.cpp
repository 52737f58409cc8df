#include "models/llm/chat_stream_reader.hpp"

namespace smp::models {

ChatStreamReader::ChatStreamReader(ChatFormat format, ChatOutputOptions options,
                                   StreamFramerLimits limits)
    : framer_(limits), decoder_(format), assembler_(std::move(options)) {}

Result<void> ChatStreamReader::on_record(const StreamRecord& record, ChunkSink on_chunk) {
  if (auto decoded = decoder_.decode(record, decoded_); !decoded) return decoded;
  assembler_.add(decoded_, shaped_);
  if (!shaped_.empty()) on_chunk(shaped_);
  return {};
}

Result<void> ChatStreamReader::feed(std::string_view payload_part, ChunkSink on_chunk) {
  return framer_.feed(payload_part,
                      [&](const StreamRecord& record) { return on_record(record, on_chunk); });
}

Result<ChatResult> ChatStreamReader::finish(ChunkSink on_chunk) {
  auto finished =
      framer_.finish([&](const StreamRecord& record) { return on_record(record, on_chunk); });
  if (!finished) return std::unexpected(std::move(finished.error()));
  if (framer_.records_emitted() == 0) {
    return fail(ErrorKind::protocol, "EmptyStream",
                "the container's stream ended without sending any record");
  }
  assembler_.finish(shaped_);
  on_chunk(shaped_);
  return assembler_.take_result();
}

}  // namespace smp::models
