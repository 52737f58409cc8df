#pragma once
// Reads `<tool_call>{"name": …, "arguments": {…}}</tool_call>` blocks back out of generated text
// (the prompt fallback of tool_prompt.hpp), in pieces cut anywhere, tags included. Text outside
// the blocks passes through; whitespace that only separates blocks is dropped. A block whose
// JSON is not a call, or a block the model never closed, is passed through as text: the model
// wrote it, so it is not thrown away. Per-stream state only.
#include <string>
#include <string_view>

#include "models/function_ref.hpp"

namespace smp::models {

class ToolCallTextParser {
 public:
  using TextSink = FunctionRef<void(std::string_view)>;
  using CallSink = FunctionRef<void(std::string_view name, std::string_view arguments)>;

  void feed(std::string_view text, TextSink on_text, CallSink on_call);
  void finish(TextSink on_text);

  int calls_found() const { return calls_; }

 private:
  void text_out(std::string_view text, TextSink on_text);
  void complete_call(TextSink on_text, CallSink on_call);

  bool in_call_ = false;
  bool after_call_ = false;  // drop the whitespace that follows a block
  int calls_ = 0;
  std::string held_;        // a suffix that may start a tag
  std::string body_;        // the inside of the current block
  std::string pending_ws_;  // trailing whitespace, released only if text follows
};

}  // namespace smp::models
