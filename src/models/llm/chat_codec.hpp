#pragma once
// One entry point per direction for every chat format, so the provider never switches on the
// format itself: build the body, read a non-stream reply. Streams go through ChatStreamReader.
#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.hpp"
#include "models/llm/chat_format.hpp"
#include "models/llm/chat_stream_assembler.hpp"
#include "models/llm/chat_template.hpp"
#include "models/llm/chat_types.hpp"

namespace smp::models {

struct ChatCodecOptions {
  ChatTemplate chat_template = ChatTemplate::chatml();  // lmi, tgi
  std::int64_t default_max_new_tokens = 0;              // lmi, tgi (see text_generation.hpp)
  bool include_usage = true;                            // openai streams
  bool tools_in_prompt = false;  // openai: the container was started without a tool parser
};

// The request body. `automatic` sends OpenAI chat, which vLLM, LMI, TGI and SGLang all accept;
// a container that only takes `inputs` rejects it, and format_hint_from_rejection() tells the
// provider what to use next time.
Result<std::string> build_chat_request(ChatFormat format, const ChatRequest& request,
                                       const ChatCodecOptions& options = {});

// Whether the tools of `request` travel in the prompt for this format (so the reply must be
// parsed for <tool_call> blocks: ChatOutputOptions::parse_tool_call_tags).
bool tools_travel_in_prompt(ChatFormat format, const ChatRequest& request,
                            const ChatCodecOptions& options);

// A rough prompt size for estimated usage: the text of every message, tool definitions, and a
// few tokens of framing per message.
std::int64_t estimate_prompt_tokens(const ChatRequest& request);

struct DecodedChatReply {
  ChatChunk chunk;    // the whole answer, not yet shaped
  ChatFormat format;  // the format that matched (the detected one for `automatic`)
};
Result<DecodedChatReply> decode_chat_response(ChatFormat format, std::string_view body);

// Decodes and shapes a non-stream reply exactly as a stream would be shaped.
struct ChatReply {
  ChatResult result;
  ChatFormat format;
};
Result<ChatReply> read_chat_response(ChatFormat format, std::string_view body,
                                     const ChatOutputOptions& options = {});

}  // namespace smp::models
