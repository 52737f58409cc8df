#pragma once
// The OpenAI chat completions format as SageMaker containers speak it: vLLM (BYOC and the
// native SageMaker router), LMI's chat schema, TGI's Messages API and SGLang
// (user-needs.md §2.1–§2.4). Streams are SSE `data: {chat.completion.chunk}` (vLLM, TGI) or
// JSON lines (LMI); the framer handles both.
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "base/error.hpp"
#include "models/llm/chat_types.hpp"

namespace smp::models::openai_chat {

struct RequestOptions {
  // Ask for the final usage chunk (`stream_options.include_usage`) when streaming.
  bool include_usage = true;
  // The container has no tool parser: describe tools in the prompt instead of sending them.
  bool tools_in_prompt = false;
};

// The JSON body. `model` is the configured model id (vLLM answers 404 to a different one) and is
// left out when empty; `stop` is left out when empty (never null); extra_body keys go last and
// win. Errors (invalid_argument) for a request without messages or with an unnamed tool.
Result<std::string> build_request(const ChatRequest& request, const RequestOptions& options = {});

// A chat.completion reply → one chunk holding the whole answer (tool calls indexed 0..n-1),
// to be shaped by the ChatStreamAssembler like a stream.
Result<ChatChunk> parse_response(std::string_view body);

// The same for an already parsed reply; `body` is quoted in errors.
Result<void> decode_completion(const boost::json::value& reply, std::string_view body,
                               ChatChunk& out);

// One stream record: a chat.completion.chunk (or a whole chat.completion from a container that
// ignored "stream"). Fills `out` (which the caller cleared); error records end the stream.
Result<void> decode_stream_record(const boost::json::value& record, std::string_view text,
                                  ChatChunk& out);

}  // namespace smp::models::openai_chat
