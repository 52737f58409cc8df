#pragma once
// The chat wire formats a SageMaker container may speak (user-needs.md §2), and how to tell
// them apart from a reply.
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace smp::models {

enum class ChatFormat {
  openai,     // OpenAI chat completions: vLLM, LMI chat schema, TGI Messages API, SGLang
  lmi,        // LMI/DJL `inputs` + `parameters`, JSON-lines token stream
  tgi,        // TGI generate `inputs` + `parameters`, SSE token stream without the space
  automatic,  // send OpenAI chat, recognise the format from the first reply
};

std::string_view to_string(ChatFormat format);
// "openai", "lmi", "tgi", "auto" (also "automatic"); an unknown name is an invalid_argument
// error listing the valid ones.
Result<ChatFormat> parse_chat_format(std::string_view name);

// Recognises the format from a reply body or the first stream record: choices[] → openai;
// token / generated_text / outputs → lmi or tgi (LMI's `log_prob`/`special_token` and its
// object-shaped non-stream reply tell it from TGI's `logprob`/`special` and array reply).
// nullopt for anything else, error replies included.
std::optional<ChatFormat> detect_chat_format(const boost::json::value& reply);

// When a container rejects an OpenAI chat body because it wants `inputs` (TGI's "missing field
// `inputs`", LMI's "Missing \"inputs\" in json"), the format to try instead; and the other way
// round for a `messages`-only container. Lets the provider correct an `auto` endpoint.
std::optional<ChatFormat> format_hint_from_rejection(std::string_view container_message);

// Maps container finish reasons to OpenAI's: eos_token/stop_sequence/eos/end_turn → stop,
// max_tokens/model_length → length, function_call → tool_calls; others pass through.
std::string_view normalize_finish_reason(std::string_view reason);

}  // namespace smp::models
