#include "models/llm/think_tag_splitter.hpp"

#include <algorithm>

#include "models/llm/tag_text.hpp"

namespace smp::models {
namespace {

constexpr std::string_view kOpen = "<think>";
constexpr std::string_view kClose = "</think>";

}  // namespace

void ThinkTagSplitter::release(Part part, std::string_view text, Sink sink) {
  if (text.empty()) return;
  if (part == Part::content && !is_blank(text)) content_released_ = true;
  sink(part, text);
}

void ThinkTagSplitter::feed(std::string_view text, Sink sink) {
  if (held_.empty() && text.find('<') == std::string_view::npos) {
    // Most pieces hold no tag at all.
    release(in_reasoning_ ? Part::reasoning : Part::content, text, sink);
    return;
  }
  std::string joined;
  if (!held_.empty()) {
    joined = std::move(held_);
    held_.clear();
    joined.append(text);
    text = joined;
  }
  while (!text.empty()) {
    const auto open = text.find(kOpen);
    const auto close = text.find(kClose);
    if (close != std::string_view::npos && (open == std::string_view::npos || close < open)) {
      const std::string_view before = text.substr(0, close);
      if (in_reasoning_) {
        release(Part::reasoning, before, sink);
        in_reasoning_ = false;
        sink(Part::reasoning_end, {});
      } else if (content_released_) {
        release(Part::content, before, sink);  // a stray tag after the answer began: dropped
      } else {
        // A closing tag without an opening one (see the header).
        release(Part::reasoning, before, sink);
        sink(Part::reasoning_end, {});
      }
      text.remove_prefix(close + kClose.size());
      continue;
    }
    if (open != std::string_view::npos) {
      // In reasoning a second opening tag is redundant (open_at_start and the model opened
      // anyway); drop it either way.
      release(in_reasoning_ ? Part::reasoning : Part::content, text.substr(0, open), sink);
      in_reasoning_ = true;
      text.remove_prefix(open + kOpen.size());
      continue;
    }
    const std::size_t keep =
        std::max(partial_tag_suffix(text, kOpen), partial_tag_suffix(text, kClose));
    release(in_reasoning_ ? Part::reasoning : Part::content, text.substr(0, text.size() - keep),
            sink);
    held_.assign(text.substr(text.size() - keep));
    return;
  }
}

void ThinkTagSplitter::finish(Sink sink) {
  const std::string held = std::move(held_);
  held_.clear();
  release(in_reasoning_ ? Part::reasoning : Part::content, held, sink);
}

}  // namespace smp::models
