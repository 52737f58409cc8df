#pragma once
// The chat stream assembler: decoded ChatChunks in, two things out — the shaped chunk to forward
// to a streaming front door right away, and the final ChatResult. One per request (the Python
// plugin kept this state on a shared instance and mixed concurrent streams, user-needs.md B15).
//
// Shaping, in order:
//  - reasoning from the `reasoning`/`reasoning_content` fields or from inline <think> tags
//    (split across chunks) is emitted as the separate `reasoning` field, or as one
//    `<think>\n…\n</think>` block at the front of the content; never an empty block, and the
//    whitespace that only pads the reasoning or separates it from the answer is dropped;
//  - with the prompt fallback, <tool_call> blocks in the content become tool calls;
//  - tool-call deltas are numbered 0..n-1 in order of appearance, with the id and name only in
//    a call's first delta (ids are synthesised when the container sent none) and argument
//    fragments passed on; deltas without an index are matched by id;
//  - finish_reason and usage are held back for the final chunk from finish(): the finish reason
//    becomes "tool_calls" when tools were called, and usage is the container's when it reported
//    it, otherwise estimated and marked so.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/llm/chat_types.hpp"
#include "models/llm/think_tag_splitter.hpp"
#include "models/llm/tool_call_text_parser.hpp"

namespace smp::models {

enum class ReasoningOutput {
  separate,     // ChatChunk::reasoning / ChatResult::reasoning
  think_block,  // "<think>\n…\n</think>" at the front of the content (Dify's tagged mode)
};

struct ChatOutputOptions {
  ReasoningOutput reasoning = ReasoningOutput::separate;
  // The model's template opens <think> in the prompt, so its output starts inside reasoning.
  bool think_open_at_start = false;
  // Parse <tool_call> blocks out of the content (set when tools went through the prompt).
  bool parse_tool_call_tags = false;
  // For estimated usage when the container reports no prompt count.
  std::int64_t prompt_tokens_estimate = 0;
  // Synthesised ids are prefix + call number; give each request its own prefix so ids stay
  // unique across the turns of a conversation.
  std::string tool_call_id_prefix = "call_";
};

class ChatStreamAssembler {
 public:
  explicit ChatStreamAssembler(ChatOutputOptions options = {});

  // Shapes one decoded chunk into `out` (cleared first; left empty when there is nothing to
  // forward yet) and folds it into the result.
  void add(const ChatChunk& in, ChatChunk& out);
  // Ends the stream: releases held text and fills `out` with the final chunk, which carries the
  // finish reason and usage. Call once.
  void finish(ChatChunk& out);

  const ChatResult& result() const { return result_; }
  ChatResult take_result() { return std::move(result_); }

 private:
  struct Slot {
    int container_index;
    std::string container_id;
  };

  void on_split(ThinkTagSplitter::Part part, std::string_view text, ChatChunk& out);
  void on_reasoning(std::string_view text, ChatChunk& out);
  void on_content(std::string_view text, ChatChunk& out);
  void on_visible_content(std::string_view text, ChatChunk& out);
  void on_tool_call_delta(const ToolCallDelta& delta, ChatChunk& out);
  void add_call(int container_index, std::string id, std::string_view name,
                std::string_view arguments, ChatChunk& out);
  void close_reasoning(ChatChunk& out);
  void emit_content(std::string_view text, ChatChunk& out);
  Usage final_usage() const;

  ChatOutputOptions options_;
  ThinkTagSplitter splitter_;
  ToolCallTextParser tool_parser_;
  bool reasoning_open_ = false;     // non-blank reasoning went out and no answer followed yet
  std::string reasoning_ws_;        // trailing whitespace of the reasoning so far
  bool trim_answer_start_ = false;  // drop whitespace between reasoning and answer
  std::vector<Slot> slots_;         // one per tool call, in result_.tool_calls order
  std::string finish_reason_;
  std::optional<Usage> container_usage_;
  ChatResult result_;
};

}  // namespace smp::models
