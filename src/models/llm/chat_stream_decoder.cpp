#include "models/llm/chat_stream_decoder.hpp"

#include "models/llm/openai_chat.hpp"
#include "models/llm/text_generation.hpp"

namespace smp::models {
namespace {

std::string_view stream_name(ChatFormat format) {
  switch (format) {
    case ChatFormat::openai:
      return "openai chat stream";
    case ChatFormat::lmi:
      return "lmi chat stream";
    case ChatFormat::tgi:
      return "tgi chat stream";
    case ChatFormat::automatic:
      return "auto chat stream";
  }
  return "chat stream";
}

}  // namespace

void clear_chunk(ChatChunk& chunk) {
  chunk.content.clear();
  chunk.reasoning.clear();
  chunk.tool_calls.clear();
  chunk.finish_reason.clear();
  chunk.usage.reset();
}

Result<void> ChatStreamDecoder::decode(const StreamRecord& record, ChatChunk& out) {
  clear_chunk(out);
  switch (record.kind) {
    case RecordKind::done:
      saw_done_ = true;
      return {};
    case RecordKind::event:
      event_.assign(record.text);
      return {};
    case RecordKind::json:
      break;
  }
  // An SSE event name names the event it is in, i.e. the next data record only.
  const bool error_event = event_ == "error";
  event_.clear();
  if (format_ == ChatFormat::openai && !error_event) {
    if (openai_chunks_.read(record.text, out)) return {};
    clear_chunk(out);  // declined: decode it the general way
  }
  const std::string_view what = stream_name(format_);
  auto parsed = parser_.parse(record.text, what);
  if (!parsed) return std::unexpected(std::move(parsed.error()));
  const boost::json::value& value = **parsed;

  if (error_event) {
    auto message = container_error_message(value);
    return std::unexpected(
        container_stream_error(what, message ? *message : std::string(record.text), record.text));
  }
  if (format_ == ChatFormat::automatic) {
    if (auto message = container_error_message(value)) {
      return std::unexpected(container_stream_error(what, *message, record.text));
    }
    const auto detected = detect_chat_format(value);
    if (!detected) {
      return std::unexpected(unexpected_shape(
          what,
          "an OpenAI chat.completion(.chunk), a TGI/LMI token record or a generated_text reply",
          value, record.text));
    }
    format_ = *detected;
  }
  switch (format_) {
    case ChatFormat::openai:
      return openai_chat::decode_stream_record(value, record.text, out);
    case ChatFormat::lmi:
      return text_generation::decode_stream_record(text_generation::Dialect::lmi, value,
                                                   record.text, out);
    case ChatFormat::tgi:
    case ChatFormat::automatic:
      return text_generation::decode_stream_record(text_generation::Dialect::tgi, value,
                                                   record.text, out);
  }
  return {};
}

}  // namespace smp::models
