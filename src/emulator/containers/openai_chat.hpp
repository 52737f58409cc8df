#pragma once
// OpenAI chat/completions bodies as vLLM, LMI and TGI read them, and chat.completion answers
// rendered in each server's own dialect (field set, finish_reason words, stream framing).
#include <boost/json/object.hpp>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include "emulator/containers/deterministic.hpp"
#include "emulator/containers/echo_model.hpp"

namespace smp::emulator {

struct OpenAiRequest {
  GenerationRequest generation;
  std::string model;    // as sent; empty when absent (the BYOC router makes it optional)
  bool is_chat = true;  // `messages` (chat) or `prompt` (completions)
  bool stream = false;
  bool include_usage = false;           // stream_options.include_usage
  std::optional<bool> enable_thinking;  // chat_template_kwargs.enable_thinking
};

// Parses a chat (`messages`) or completions (`prompt`) body. The error is a human message in the
// style of a pydantic validation error; each container wraps it in its own error shape.
std::expected<OpenAiRequest, std::string> parse_openai_request(const boost::json::object& body);

// True when the body looks like an OpenAI chat or completions request.
bool is_openai_body(const boost::json::object& body);

// Whether the model thinks before answering: an explicit chat_template_kwargs.enable_thinking
// wins; otherwise models whose id names a reasoning family (qwen3, deepseek-r1, "reason", …).
bool wants_reasoning(const OpenAiRequest& request, std::string_view served_model);

enum class StreamFraming {
  sse_with_space,     // vLLM: "data: {…}\n\n" … "data: [DONE]\n\n"
  sse_without_space,  // TGI:  "data:{…}\n\n" … "data:[DONE]\n\n"
  json_lines,         // LMI:  "{…}\n" per chunk, no [DONE]
};

struct FinishReasonWords {
  std::string eos = "stop";
  std::string stop_sequence = "stop";
  std::string length = "length";
  std::string tool_calls = "tool_calls";
  const std::string& of(StopCause cause) const;
};

struct ChatDialect {
  std::string reasoning_field = "reasoning";  // vLLM >= 0.11; "reasoning_content" before
  FinishReasonWords finish;
  StreamFraming framing = StreamFraming::sse_with_space;
  bool vllm_fields = true;  // refusal/annotations/audio/stop_reason/... as vLLM writes them
  bool tgi_fields = false;  // system_fingerprint, "usage":null on chunks, role on every delta
  std::string system_fingerprint;
};

struct ResponseIdentity {
  std::string id;  // "chatcmpl-…"
  std::int64_t created = 0;
  std::string model;
};

// Gives each tool call an id ("chatcmpl-tool-<hex>") from the request's generator.
void assign_tool_call_ids(Generation& generation, SeededRandom& rng, std::string_view prefix);

std::string render_chat_completion(const Generation& generation, const ChatDialect& dialect,
                                   const ResponseIdentity& identity);

// The stream as the container writes it, one record per write (a chunk and its framing).
std::vector<std::string> render_chat_stream(const Generation& generation,
                                            const ChatDialect& dialect,
                                            const ResponseIdentity& identity, bool include_usage);

// "data: X\n\n" / "data:X\n\n" / "X\n".
std::string frame_record(std::string_view payload, StreamFraming framing);

}  // namespace smp::emulator
