#include "models/llm/chat_stream_assembler.hpp"

#include "models/llm/tag_text.hpp"
#include "models/token_estimate.hpp"

namespace smp::models {
namespace {

constexpr std::string_view kBlank = " \t\r\n";

std::string_view trim_left(std::string_view text) {
  const auto first = text.find_first_not_of(kBlank);
  return first == std::string_view::npos ? std::string_view{} : text.substr(first);
}

}  // namespace

ChatStreamAssembler::ChatStreamAssembler(ChatOutputOptions options)
    : options_(std::move(options)), splitter_(options_.think_open_at_start) {}

void ChatStreamAssembler::emit_content(std::string_view text, ChatChunk& out) {
  out.content.append(text);
  result_.content.append(text);
}

void ChatStreamAssembler::on_reasoning(std::string_view text, ChatChunk& out) {
  if (!reasoning_open_) text = trim_left(text);
  if (text.empty()) return;
  const auto last = text.find_last_not_of(kBlank);
  if (last == std::string_view::npos) {
    reasoning_ws_.append(text);  // released only if more reasoning follows
    return;
  }
  const std::string_view body = text.substr(0, last + 1);
  const std::string_view trailing = text.substr(last + 1);
  const bool as_block = options_.reasoning == ReasoningOutput::think_block;
  if (!reasoning_open_) {
    reasoning_open_ = true;
    if (as_block) emit_content("<think>\n", out);
  }
  std::string& target = as_block ? out.content : out.reasoning;
  std::string& total = as_block ? result_.content : result_.reasoning;
  target.append(reasoning_ws_);
  target.append(body);
  total.append(reasoning_ws_);
  total.append(body);
  reasoning_ws_.assign(trailing);
}

void ChatStreamAssembler::close_reasoning(ChatChunk& out) {
  if (!reasoning_open_) return;
  reasoning_open_ = false;
  reasoning_ws_.clear();
  trim_answer_start_ = true;
  if (options_.reasoning == ReasoningOutput::think_block) emit_content("\n</think>", out);
}

void ChatStreamAssembler::on_split(ThinkTagSplitter::Part part, std::string_view text,
                                   ChatChunk& out) {
  switch (part) {
    case ThinkTagSplitter::Part::reasoning:
      on_reasoning(text, out);
      break;
    case ThinkTagSplitter::Part::content:
      on_content(text, out);
      break;
    case ThinkTagSplitter::Part::reasoning_end:
      // Even an empty <think></think> is followed by padding that is not part of the answer.
      close_reasoning(out);
      trim_answer_start_ = true;
      break;
  }
}

void ChatStreamAssembler::on_content(std::string_view text, ChatChunk& out) {
  if (!options_.parse_tool_call_tags) {
    on_visible_content(text, out);
    return;
  }
  tool_parser_.feed(
      text, [&](std::string_view visible) { on_visible_content(visible, out); },
      [&](std::string_view name, std::string_view arguments) {
        add_call(-2, {}, name, arguments, out);
      });
}

void ChatStreamAssembler::on_visible_content(std::string_view text, ChatChunk& out) {
  if (text.empty()) return;
  // Blank content while reasoning is open is layout between reasoning and answer.
  if (reasoning_open_ && is_blank(text)) return;
  close_reasoning(out);
  if (trim_answer_start_) {
    text = trim_left(text);
    if (text.empty()) return;
    trim_answer_start_ = false;
  }
  emit_content(text, out);
}

void ChatStreamAssembler::add_call(int container_index, std::string id, std::string_view name,
                                   std::string_view arguments, ChatChunk& out) {
  const int index = static_cast<int>(slots_.size());
  slots_.push_back(Slot{container_index, id});
  if (id.empty()) id = options_.tool_call_id_prefix + std::to_string(index);
  result_.tool_calls.push_back(ToolCall{id, std::string(name), std::string(arguments)});
  out.tool_calls.push_back(
      ToolCallDelta{index, std::move(id), std::string(name), std::string(arguments)});
}

void ChatStreamAssembler::on_tool_call_delta(const ToolCallDelta& delta, ChatChunk& out) {
  int found = -1;
  for (int i = static_cast<int>(slots_.size()) - 1; i >= 0; --i) {
    const Slot& slot = slots_[static_cast<std::size_t>(i)];
    // A delta continues a call unless it names a different call: another id, or an id and a
    // name where the call began without an id (servers that put every call at index 0).
    const bool same_id = delta.id.empty() || slot.container_id == delta.id ||
                         (slot.container_id.empty() && delta.name.empty());
    if (delta.index >= 0 ? (slot.container_index == delta.index && same_id)
                         : (!delta.id.empty() ? slot.container_id == delta.id : true)) {
      found = i;
      break;
    }
  }
  if (found < 0) {
    add_call(delta.index, delta.id, delta.name, delta.arguments, out);
    return;
  }
  ToolCall& call = result_.tool_calls[static_cast<std::size_t>(found)];
  ToolCallDelta forwarded;
  forwarded.index = found;
  if (call.name.empty() && !delta.name.empty()) {
    call.name = delta.name;  // a name that arrived late still goes out once
    forwarded.name = delta.name;
  }
  call.arguments.append(delta.arguments);
  forwarded.arguments = delta.arguments;
  if (!forwarded.name.empty() || !forwarded.arguments.empty()) {
    out.tool_calls.push_back(std::move(forwarded));
  }
}

void ChatStreamAssembler::add(const ChatChunk& in, ChatChunk& out) {
  out.content.clear();
  out.reasoning.clear();
  out.tool_calls.clear();
  out.finish_reason.clear();
  out.usage.reset();
  if (!in.reasoning.empty()) on_reasoning(in.reasoning, out);
  if (!in.content.empty()) {
    splitter_.feed(in.content, [&](ThinkTagSplitter::Part part, std::string_view text) {
      on_split(part, text, out);
    });
  }
  for (const auto& delta : in.tool_calls)
    on_tool_call_delta(delta, out);
  if (!in.finish_reason.empty()) finish_reason_ = in.finish_reason;
  if (in.usage) {
    // Containers that report usage on every chunk report running totals: the last one wins.
    Usage merged = container_usage_.value_or(Usage{});
    if (in.usage->prompt_tokens >= 0) merged.prompt_tokens = in.usage->prompt_tokens;
    if (in.usage->completion_tokens >= 0) merged.completion_tokens = in.usage->completion_tokens;
    if (in.usage->total_tokens >= 0) merged.total_tokens = in.usage->total_tokens;
    container_usage_ = merged;
  }
}

Usage ChatStreamAssembler::final_usage() const {
  const Usage reported = container_usage_.value_or(Usage{});
  Usage usage;
  const bool prompt_known = reported.prompt_tokens >= 0;
  const bool completion_known = reported.completion_tokens >= 0;
  usage.prompt_tokens = prompt_known ? reported.prompt_tokens : options_.prompt_tokens_estimate;
  if (completion_known) {
    usage.completion_tokens = reported.completion_tokens;
  } else {
    std::int64_t estimate = estimate_tokens(result_.content) + estimate_tokens(result_.reasoning);
    for (const auto& call : result_.tool_calls) {
      estimate += estimate_tokens(call.name) + estimate_tokens(call.arguments);
    }
    usage.completion_tokens = estimate;
  }
  usage.estimated = !(prompt_known && completion_known);
  usage.total_tokens = !usage.estimated && reported.total_tokens >= 0
                           ? reported.total_tokens
                           : usage.prompt_tokens + usage.completion_tokens;
  return usage;
}

void ChatStreamAssembler::finish(ChatChunk& out) {
  out.content.clear();
  out.reasoning.clear();
  out.tool_calls.clear();
  out.usage.reset();
  splitter_.finish(
      [&](ThinkTagSplitter::Part part, std::string_view text) { on_split(part, text, out); });
  if (options_.parse_tool_call_tags) {
    tool_parser_.finish([&](std::string_view visible) { on_visible_content(visible, out); });
  }
  close_reasoning(out);

  std::string reason = finish_reason_;
  if (!result_.tool_calls.empty() && (reason.empty() || reason == "stop")) reason = "tool_calls";
  if (reason.empty()) reason = "stop";
  result_.finish_reason = reason;
  result_.usage = final_usage();
  out.finish_reason = std::move(reason);
  out.usage = result_.usage;
}

}  // namespace smp::models
