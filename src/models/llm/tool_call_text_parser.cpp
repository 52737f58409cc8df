#include "models/llm/tool_call_text_parser.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "models/llm/tag_text.hpp"
#include "models/llm/tool_prompt.hpp"

namespace smp::models {
namespace {

namespace json = boost::json;

std::size_t trailing_blank(std::string_view text) {
  const auto last = text.find_last_not_of(" \t\r\n");
  return last == std::string_view::npos ? text.size() : text.size() - last - 1;
}

}  // namespace

void ToolCallTextParser::text_out(std::string_view text, TextSink on_text) {
  if (text.empty()) return;
  if (after_call_) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return;
    text.remove_prefix(first);
    after_call_ = false;
  }
  const std::size_t blank = trailing_blank(text);
  if (blank == text.size()) {
    pending_ws_.append(text);
    return;
  }
  if (!pending_ws_.empty()) {
    on_text(pending_ws_);
    pending_ws_.clear();
  }
  on_text(text.substr(0, text.size() - blank));
  pending_ws_.assign(text.substr(text.size() - blank));
}

void ToolCallTextParser::complete_call(TextSink on_text, CallSink on_call) {
  boost::system::error_code ec;
  const json::value parsed = json::parse(body_, ec);
  const json::object* call = ec ? nullptr : parsed.if_object();
  const json::value* name = call != nullptr ? call->if_contains("name") : nullptr;
  if (name == nullptr || !name->is_string()) {
    // Not a call we can read: keep what the model wrote.
    text_out(std::string(kToolCallOpen) + body_ + std::string(kToolCallClose), on_text);
    body_.clear();
    return;
  }
  const json::value* arguments = call->if_contains("arguments");
  if (arguments == nullptr) arguments = call->if_contains("parameters");
  std::string text_arguments = "{}";
  if (arguments != nullptr && arguments->is_string()) {
    text_arguments = std::string(arguments->get_string());
  } else if (arguments != nullptr && !arguments->is_null()) {
    text_arguments = json::serialize(*arguments);
  }
  pending_ws_.clear();  // whitespace before a block is layout
  after_call_ = true;
  ++calls_;
  on_call(name->get_string(), text_arguments);
  body_.clear();
}

void ToolCallTextParser::feed(std::string_view text, TextSink on_text, CallSink on_call) {
  std::string joined;
  if (!held_.empty()) {
    joined = std::move(held_);
    held_.clear();
    joined.append(text);
    text = joined;
  }
  while (!text.empty()) {
    if (!in_call_) {
      const auto open = text.find(kToolCallOpen);
      if (open == std::string_view::npos) {
        const std::size_t keep = partial_tag_suffix(text, kToolCallOpen);
        text_out(text.substr(0, text.size() - keep), on_text);
        held_.assign(text.substr(text.size() - keep));
        return;
      }
      text_out(text.substr(0, open), on_text);
      in_call_ = true;
      text.remove_prefix(open + kToolCallOpen.size());
      continue;
    }
    const auto close = text.find(kToolCallClose);
    if (close == std::string_view::npos) {
      const std::size_t keep = partial_tag_suffix(text, kToolCallClose);
      body_.append(text.substr(0, text.size() - keep));
      held_.assign(text.substr(text.size() - keep));
      return;
    }
    body_.append(text.substr(0, close));
    in_call_ = false;
    complete_call(on_text, on_call);
    text.remove_prefix(close + kToolCallClose.size());
  }
}

void ToolCallTextParser::finish(TextSink on_text) {
  if (in_call_) {
    // The model stopped inside a block (max tokens): give back what it wrote.
    in_call_ = false;
    std::string unfinished = std::string(kToolCallOpen) + body_ + held_;
    body_.clear();
    held_.clear();
    after_call_ = false;
    text_out(unfinished, on_text);
  } else {
    const std::string held = std::move(held_);
    held_.clear();
    text_out(held, on_text);
  }
  if (calls_ == 0 && !pending_ws_.empty()) on_text(pending_ws_);
  pending_ws_.clear();
}

}  // namespace smp::models
