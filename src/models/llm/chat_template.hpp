#pragma once
// Renders chat messages into one prompt string for containers that take `inputs` (LMI, TGI
// generate). The container does not apply the model's chat template on this path, so we must:
// ChatML by default (Qwen, Yi, many fine-tunes), Llama 3 and Mistral built in, or any template
// given as JSON markers.
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "models/llm/chat_types.hpp"

namespace smp::models {

struct ChatTemplate {
  struct Markers {
    std::string prefix;
    std::string suffix;
  };
  std::string begin;  // once before the first turn (usually empty: tokenizers add BOS)
  Markers system;
  Markers user;
  Markers assistant;
  std::string generation_prompt;  // opens the assistant turn the model completes
  // Templates without a system role put the system text at the start of the first user turn.
  bool system_in_first_user = false;
  std::vector<std::string> stop;  // turn terminators, sent as stop sequences

  static ChatTemplate chatml();
  static ChatTemplate llama3();
  static ChatTemplate mistral();
  // "chatml", "llama3", "mistral"
  static Result<ChatTemplate> named(std::string_view name);
  // A JSON object with string keys begin, system_prefix, system_suffix, user_prefix,
  // user_suffix, assistant_prefix, assistant_suffix, generation_prompt, boolean
  // system_in_first_user and string array stop; absent keys are empty. Unknown keys are errors
  // so that a typo is not silently ignored.
  static Result<ChatTemplate> from_json(std::string_view json);
};

// Text parts are joined; images become `![](url)`, the markdown TGI's vision models read.
// Tool calls and results must already be text (see with_tools_in_prompt): tool turns render as
// user turns.
std::string render_prompt(const ChatTemplate& chat_template,
                          const std::vector<ChatMessage>& messages);

}  // namespace smp::models
