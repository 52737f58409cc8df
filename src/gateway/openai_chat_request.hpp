#pragma once
// OpenAI chat completions and (legacy) completions request bodies → the models layer's neutral
// ChatRequest. Follows the OpenAI API reference for POST /v1/chat/completions: messages with
// string or part-array content (text, image_url), tools and the legacy functions, tool_choice,
// stop (string or list), sampling parameters, max_tokens / max_completion_tokens,
// response_format, stream + stream_options.include_usage. Fields that only mean something to
// OpenAI's own service (user, store, metadata, ...) are dropped; any other field is passed to
// the container as extra body, so vLLM's own parameters keep working and an unknown harmless
// field never causes a 400.
#include <cstdint>
#include <string>
#include <string_view>

#include "base/error.hpp"
#include "models/llm/chat_types.hpp"

namespace smp::gateway {

struct ChatCompletionRequest {
  std::string model;         // the gateway's model name, as the client sent it
  models::ChatRequest chat;  // chat.model is left empty: the model's configuration decides it
  bool stream = false;
  bool include_usage = false;  // stream_options.include_usage
};

Result<ChatCompletionRequest> parse_chat_completion_request(std::string_view body);

// POST /v1/completions: one prompt (a string, or a list holding one string) becomes one user
// message; the answer is rendered as a text_completion. Token-array prompts, several prompts,
// echo and suffix are refused with a 400 naming the field.
Result<ChatCompletionRequest> parse_completion_request(std::string_view body);

}  // namespace smp::gateway
