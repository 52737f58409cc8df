#pragma once
// The deterministic language model behind the vllm, lmi and tgi containers.
//
// It "answers" from the conversation: it echoes the last user message ("You said: …"), calls an
// offered tool when the user's words name it (a tool called get_weather fits "what's the weather
// in Paris?") with JSON arguments filled from its parameter schema, reports a tool's result after
// a `tool` message, and — when reasoning is on — thinks out loud before answering. It honours
// max_tokens (finish: length) and stop sequences, and counts tokens with text_tokens.hpp so usage
// figures are consistent.
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

namespace smp::emulator {

struct ToolCall {
  std::string id;  // assigned by the container's dialect ("chatcmpl-tool-…")
  std::string name;
  std::string arguments;  // JSON text
};

struct ChatTurn {
  std::string role;                  // system | user | assistant | tool
  std::string text;                  // text content (parts joined by a space)
  int image_count = 0;               // image_url parts
  std::string tool_call_id;          // role == tool
  std::vector<ToolCall> tool_calls;  // role == assistant
};

struct ToolSpec {
  std::string name;
  std::string description;
  boost::json::value parameters;  // JSON Schema object, or null
};

struct GenerationRequest {
  std::vector<ChatTurn> turns;  // a raw prompt is one user turn
  bool raw_prompt = false;      // completion-style: answer the prompt's last line
  std::vector<ToolSpec> tools;
  std::string tool_choice = "auto";  // auto | none | required | the name of a forced function
  bool parallel_tool_calls = true;
  std::optional<long long> max_tokens;
  std::vector<std::string> stop;
  bool reasoning = false;
};

enum class StopCause { eos, stop_sequence, length, tool_calls };

struct Generation {
  std::vector<std::string> reasoning_tokens;
  std::vector<std::string> content_tokens;
  std::vector<ToolCall> tool_calls;  // ids empty; names and arguments set
  StopCause cause = StopCause::eos;
  std::string matched_stop;  // the stop sequence, when cause == stop_sequence
  long long prompt_tokens = 0;
  long long completion_tokens = 0;

  std::string reasoning_text() const;
  std::string content_text() const;
};

Generation generate(const GenerationRequest& request);

// Tokens a chat prompt costs: each turn's text plus 4 for its role framing, plus 2 to prime the
// assistant's answer (raw prompts: just their tokens).
long long prompt_token_count(const GenerationRequest& request);

}  // namespace smp::emulator
