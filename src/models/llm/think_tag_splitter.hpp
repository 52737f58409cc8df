#pragma once
// Splits inline `<think>…</think>` reasoning out of generated text that arrives in pieces cut
// anywhere, tags included (DeepSeek-R1, Qwen3 and QwQ on containers without a reasoning
// parser). Per-stream state only.
//
// A closing tag with no opening tag is common: templates that put `<think>\n` into the prompt
// make the model start inside its reasoning. When nothing but whitespace has been released as
// content yet, the text before such a `</think>` is reasoning; once content has been released
// (a stream cannot take it back) the stray tag is dropped. `open_at_start` tells the splitter
// up front that the model starts inside its reasoning, which makes streams exact too.
#include <string>
#include <string_view>

#include "models/function_ref.hpp"

namespace smp::models {

class ThinkTagSplitter {
 public:
  enum class Part {
    content,
    reasoning,
    reasoning_end,  // a closing tag was consumed (text is empty)
  };
  using Sink = FunctionRef<void(Part, std::string_view)>;

  explicit ThinkTagSplitter(bool open_at_start = false) : in_reasoning_(open_at_start) {}

  // Passes the text on as content and reasoning pieces in order, holding back only a suffix
  // that may be the start of a tag.
  void feed(std::string_view text, Sink sink);
  // Releases a held suffix (it was not a tag after all).
  void finish(Sink sink);

  bool in_reasoning() const { return in_reasoning_; }

 private:
  void release(Part part, std::string_view text, Sink sink);

  bool in_reasoning_;
  bool content_released_ = false;  // non-whitespace content went out
  std::string held_;
};

}  // namespace smp::models
