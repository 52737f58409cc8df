#pragma once
// The prompt fallback for tool calling, for containers started without a tool parser (vLLM
// without --enable-auto-tool-choice, LMI without OPTION_TOOL_CALL_PARSER, every `inputs`
// container): the tools are described in the system prompt, the model is asked to answer with
// `<tool_call>{"name": …, "arguments": {…}}</tool_call>` blocks (the Hermes/Qwen convention
// these models were trained on), and earlier calls and results are replayed as text.
// ToolCallTextParser reads the blocks back out of the generated text.
#include <string>
#include <vector>

#include "models/llm/chat_types.hpp"

namespace smp::models {

inline constexpr std::string_view kToolCallOpen = "<tool_call>";
inline constexpr std::string_view kToolCallClose = "</tool_call>";

// A copy of `request` with no tools, no tool calls and no tool turns: tools are described in
// the (first) system message, assistant tool calls become <tool_call> blocks, and tool results
// become user turns wrapped in <tool_response> (consecutive results share one turn).
ChatRequest with_tools_in_prompt(const ChatRequest& request);

// The system-prompt section that describes `tools` and how to call them.
std::string describe_tools(const std::vector<ToolDefinition>& tools, const ToolChoice& choice);

// `<tool_call>\n{"name":…,"arguments":…}\n</tool_call>`; arguments that are not JSON are kept
// as a JSON string so nothing is lost.
std::string render_tool_call(const ToolCall& call);

}  // namespace smp::models
