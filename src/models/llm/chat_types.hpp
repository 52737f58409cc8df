#pragma once
// Neutral chat types: what a front door asks for and what it gets back, independent of any
// container's wire format. Front doors build a ChatRequest once; the formats (openai, lmi, tgi)
// turn it into bytes and turn the container's bytes back into ChatChunks and a ChatResult.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace smp::models {

enum class ChatRole { system, user, assistant, tool };
std::string_view to_string(ChatRole role);

// One piece of a message: text, or an image given by URL (https or a data: URL).
struct ContentPart {
  enum class Kind { text, image_url };
  Kind kind = Kind::text;
  std::string text;       // kind text
  std::string image_url;  // kind image_url
  std::string detail;     // optional image detail ("low", "high", "auto")

  static ContentPart from_text(std::string text) { return {Kind::text, std::move(text), {}, {}}; }
  static ContentPart from_image(std::string url, std::string detail = {}) {
    return {Kind::image_url, {}, std::move(url), std::move(detail)};
  }
};

// A complete tool call: made by an assistant turn, or assembled from streamed deltas.
struct ToolCall {
  std::string id;
  std::string name;
  std::string arguments;  // JSON text, as the model produced it
  bool operator==(const ToolCall&) const = default;
};

struct ChatMessage {
  ChatRole role = ChatRole::user;
  std::vector<ContentPart> content;
  std::vector<ToolCall> tool_calls;  // assistant turns that called tools
  std::string tool_call_id;          // tool turns: which call this result answers
  std::string name;                  // optional participant name

  static ChatMessage text(ChatRole role, std::string text) {
    ChatMessage m;
    m.role = role;
    m.content.push_back(ContentPart::from_text(std::move(text)));
    return m;
  }
  static ChatMessage tool_result(std::string tool_call_id, std::string content) {
    ChatMessage m = text(ChatRole::tool, std::move(content));
    m.tool_call_id = std::move(tool_call_id);
    return m;
  }
  // The text parts joined (image parts left out).
  std::string joined_text() const;
  bool has_images() const;
};

struct ToolDefinition {
  std::string name;
  std::string description;
  boost::json::object parameters;  // JSON schema of the arguments
};

struct ToolChoice {
  enum class Mode { unset, none, auto_, required, function };
  Mode mode = Mode::unset;
  std::string function_name;  // mode function
};

struct ResponseFormat {
  enum class Kind { unset, text, json_object, json_schema };
  Kind kind = Kind::unset;
  std::string schema_name;     // json_schema
  boost::json::value schema;   // json_schema
  std::optional<bool> strict;  // json_schema
};

struct ChatRequest {
  std::string model;  // the configured model id ("" = let the container choose)
  std::vector<ChatMessage> messages;
  std::vector<ToolDefinition> tools;
  ToolChoice tool_choice;
  std::optional<bool> parallel_tool_calls;
  std::vector<std::string> stop;
  std::optional<double> temperature;
  std::optional<double> top_p;
  std::optional<std::int64_t> max_tokens;
  ResponseFormat response_format;
  bool stream = true;  // streaming is the default: no 60-second synchronous limit
  // Container-specific parameters merged into the top level of the body last, so they win
  // (chat_template_kwargs, repetition_penalty, ...).
  boost::json::object extra_body;
};

// What every format needs from a request: at least one message, and a name on every tool
// (invalid_argument errors otherwise).
Result<void> check_chat_request(const ChatRequest& request);

struct Usage {
  // Counts a container did not report are kUnknown in decoded chunks; the assembler replaces
  // them with estimates, so results and assembled chunks never contain kUnknown.
  static constexpr std::int64_t kUnknown = -1;
  std::int64_t prompt_tokens = kUnknown;
  std::int64_t completion_tokens = kUnknown;
  std::int64_t total_tokens = kUnknown;
  bool estimated = false;  // true when any count is our estimate, not the container's
  bool operator==(const Usage&) const = default;
};

// One streamed tool-call fragment. The first delta of a call carries its id and name; later
// ones carry only argument fragments, correlated by index.
struct ToolCallDelta {
  int index = 0;
  std::string id;
  std::string name;
  std::string arguments;
  bool operator==(const ToolCallDelta&) const = default;
};

struct ChatChunk {
  std::string content;
  std::string reasoning;
  std::vector<ToolCallDelta> tool_calls;
  std::string finish_reason;  // "" while the answer continues
  std::optional<Usage> usage;

  bool empty() const {
    return content.empty() && reasoning.empty() && tool_calls.empty() && finish_reason.empty() &&
           !usage;
  }
  bool operator==(const ChatChunk&) const = default;
};

struct ChatResult {
  std::string content;
  std::string reasoning;
  std::vector<ToolCall> tool_calls;
  std::string finish_reason;  // stop, length, tool_calls, content_filter
  Usage usage;
  bool operator==(const ChatResult&) const = default;
};

}  // namespace smp::models
