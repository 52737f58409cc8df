#include "models/llm/openai_chat.hpp"

#include <boost/json/serialize.hpp>

#include "models/json_reply.hpp"
#include "models/llm/chat_format.hpp"
#include "models/llm/tool_prompt.hpp"

namespace smp::models::openai_chat {
namespace {

namespace json = boost::json;

constexpr std::string_view kWhat = "openai chat";
constexpr std::string_view kStreamWhat = "openai chat stream";

json::value content_json(const ChatMessage& message) {
  if (!message.has_images()) return json::string(message.joined_text());
  json::array parts;
  for (const auto& part : message.content) {
    json::object p;
    if (part.kind == ContentPart::Kind::text) {
      p["type"] = "text";
      p["text"] = part.text;
    } else {
      json::object image;
      image["url"] = part.image_url;
      if (!part.detail.empty()) image["detail"] = part.detail;
      p["type"] = "image_url";
      p["image_url"] = std::move(image);
    }
    parts.push_back(std::move(p));
  }
  return parts;
}

json::object message_json(const ChatMessage& message) {
  json::object m;
  m["role"] = to_string(message.role);
  // An assistant turn that only called tools gets "" rather than null: several chat templates
  // concatenate content and would print "None".
  m["content"] = content_json(message);
  if (!message.name.empty()) m["name"] = message.name;
  if (message.role == ChatRole::tool) m["tool_call_id"] = message.tool_call_id;
  if (!message.tool_calls.empty()) {
    json::array calls;
    for (const auto& call : message.tool_calls) {
      json::object function;
      function["name"] = call.name;
      function["arguments"] = call.arguments.empty() ? "{}" : call.arguments;
      json::object c;
      c["id"] = call.id;
      c["type"] = "function";
      c["function"] = std::move(function);
      calls.push_back(std::move(c));
    }
    m["tool_calls"] = std::move(calls);
  }
  return m;
}

json::value tool_choice_json(const ToolChoice& choice) {
  switch (choice.mode) {
    case ToolChoice::Mode::none:
      return "none";
    case ToolChoice::Mode::auto_:
      return "auto";
    case ToolChoice::Mode::required:
      return "required";
    case ToolChoice::Mode::function: {
      json::object function;
      function["name"] = choice.function_name;
      json::object c;
      c["type"] = "function";
      c["function"] = std::move(function);
      return c;
    }
    case ToolChoice::Mode::unset:
      break;
  }
  return nullptr;
}

json::value response_format_json(const ResponseFormat& format) {
  json::object f;
  switch (format.kind) {
    case ResponseFormat::Kind::text:
      f["type"] = "text";
      break;
    case ResponseFormat::Kind::json_object:
      f["type"] = "json_object";
      break;
    case ResponseFormat::Kind::json_schema: {
      json::object schema;
      schema["name"] = format.schema_name.empty() ? "response" : format.schema_name;
      schema["schema"] = format.schema;
      if (format.strict) schema["strict"] = *format.strict;
      f["type"] = "json_schema";
      f["json_schema"] = std::move(schema);
      break;
    }
    case ResponseFormat::Kind::unset:
      return nullptr;
  }
  return f;
}

// Content may be a string, null, or (some servers) an array of text parts.
void append_content(const json::value* content, std::string& out) {
  if (content == nullptr) return;
  if (content->is_string()) {
    out.append(content->get_string());
  } else if (const auto* parts = content->if_array()) {
    for (const auto& part : *parts)
      out.append(string_at(part, "text"));
  }
}

// vLLM moved from `reasoning_content` to `reasoning` (user-needs.md §1.E); either may be null.
void append_reasoning(const json::value& message, std::string& out) {
  if (const auto* r = find(message, "reasoning"); r != nullptr && r->is_string()) {
    out.append(r->get_string());
  } else if (const auto* rc = find(message, "reasoning_content");
             rc != nullptr && rc->is_string()) {
    out.append(rc->get_string());
  }
}

// Arguments are a JSON string per the spec; TGI sends an object.
std::string arguments_text(const json::value* arguments) {
  if (arguments == nullptr || arguments->is_null()) return {};
  if (arguments->is_string()) return std::string(arguments->get_string());
  return json::serialize(*arguments);
}

Result<void> read_tool_calls(const json::value& holder, bool streamed, std::string_view what,
                             std::string_view body, ChatChunk& out) {
  const auto* calls = find(holder, "tool_calls");
  if (calls == nullptr || calls->is_null()) return {};
  const auto* array = calls->if_array();
  if (array == nullptr) {
    return std::unexpected(unexpected_shape(what, "tool_calls to be an array", *calls, body));
  }
  int position = 0;
  for (const auto& call : *array) {
    if (!call.is_object()) {
      return std::unexpected(unexpected_shape(what, "each tool call to be an object", call, body));
    }
    ToolCallDelta delta;
    const auto index = integer_at(call, "index");
    // A streamed delta without an index is correlated by id later (index -1); a complete
    // message lists its calls in order.
    delta.index = index ? static_cast<int>(*index) : (streamed ? -1 : position);
    delta.id = string_at(call, "id");
    if (const auto* function = find(call, "function")) {
      delta.name = string_at(*function, "name");
      delta.arguments = arguments_text(find(*function, "arguments"));
    }
    out.tool_calls.push_back(std::move(delta));
    ++position;
  }
  return {};
}

void read_usage(const json::value& reply, ChatChunk& out) {
  const auto* usage = find(reply, "usage");
  if (usage == nullptr || !usage->is_object()) return;
  Usage u;
  if (auto p = integer_at(*usage, "prompt_tokens")) u.prompt_tokens = *p;
  if (auto c = integer_at(*usage, "completion_tokens")) u.completion_tokens = *c;
  if (auto t = integer_at(*usage, "total_tokens")) u.total_tokens = *t;
  out.usage = u;
}

Result<void> read_finish_reason(const json::value& choice, std::string_view what,
                                std::string_view body, ChatChunk& out) {
  const std::string_view reason = string_at(choice, "finish_reason");
  if (reason == "error" || reason == "abort") {
    return std::unexpected(container_stream_error(
        what, "the generation ended with finish_reason \"" + std::string(reason) + "\"", body));
  }
  out.finish_reason = normalize_finish_reason(reason);
  return {};
}

// The choice with index 0 (the neutral request never asks for n > 1).
const json::value* first_choice(const json::value& reply) {
  const auto* choices = find(reply, "choices");
  if (choices == nullptr || !choices->is_array()) return nullptr;
  for (const auto& choice : choices->get_array()) {
    const auto index = integer_at(choice, "index");
    if (!index || *index == 0) return &choice;
  }
  return nullptr;
}

}  // namespace

Result<std::string> build_request(const ChatRequest& request, const RequestOptions& options) {
  if (auto checked = check_chat_request(request); !checked) {
    return std::unexpected(std::move(checked.error()));
  }
  const bool prompt_tools = options.tools_in_prompt;
  const ChatRequest prompted = prompt_tools ? with_tools_in_prompt(request) : ChatRequest{};
  const ChatRequest& r = prompt_tools ? prompted : request;

  json::object body;
  if (!r.model.empty()) body["model"] = r.model;
  json::array messages;
  for (const auto& message : r.messages)
    messages.push_back(message_json(message));
  body["messages"] = std::move(messages);
  if (r.max_tokens) body["max_tokens"] = *r.max_tokens;
  if (r.temperature) body["temperature"] = *r.temperature;
  if (r.top_p) body["top_p"] = *r.top_p;
  if (!r.stop.empty()) {
    json::array stop;
    for (const auto& s : r.stop)
      stop.emplace_back(s);
    body["stop"] = std::move(stop);
  }
  if (!r.tools.empty()) {
    json::array tools;
    for (const auto& tool : r.tools) {
      json::object function;
      function["name"] = tool.name;
      if (!tool.description.empty()) function["description"] = tool.description;
      function["parameters"] = tool.parameters;
      json::object t;
      t["type"] = "function";
      t["function"] = std::move(function);
      tools.push_back(std::move(t));
    }
    body["tools"] = std::move(tools);
    if (auto choice = tool_choice_json(r.tool_choice); !choice.is_null()) {
      body["tool_choice"] = std::move(choice);
    }
    if (r.parallel_tool_calls) body["parallel_tool_calls"] = *r.parallel_tool_calls;
  }
  if (auto format = response_format_json(r.response_format); !format.is_null()) {
    body["response_format"] = std::move(format);
  }
  body["stream"] = r.stream;
  if (r.stream && options.include_usage) {
    json::object stream_options;
    stream_options["include_usage"] = true;
    body["stream_options"] = std::move(stream_options);
  }
  for (const auto& [key, value] : r.extra_body)
    body[key] = value;
  return json::serialize(body);
}

Result<void> decode_completion(const json::value& reply, std::string_view body, ChatChunk& out) {
  if (auto message = container_error_message(reply)) {
    return std::unexpected(container_error(kWhat, *message, body));
  }
  const auto* choice = first_choice(reply);
  const auto* message = choice != nullptr ? find(*choice, "message") : nullptr;
  if (message == nullptr || !message->is_object()) {
    // Old completions-style replies carry `text` instead of a message.
    if (choice != nullptr && find(*choice, "text") != nullptr) {
      append_content(find(*choice, "text"), out.content);
      read_usage(reply, out);
      return read_finish_reason(*choice, kWhat, body, out);
    }
    return std::unexpected(
        unexpected_shape(kWhat, "a chat.completion object with choices[0].message", reply, body));
  }
  append_content(find(*message, "content"), out.content);
  append_reasoning(*message, out.reasoning);
  if (auto calls = read_tool_calls(*message, /*streamed=*/false, kWhat, body, out); !calls) {
    return calls;
  }
  read_usage(reply, out);
  return read_finish_reason(*choice, kWhat, body, out);
}

Result<ChatChunk> parse_response(std::string_view body) {
  auto reply = parse_json(body, kWhat);
  if (!reply) return std::unexpected(std::move(reply.error()));
  ChatChunk chunk;
  if (auto decoded = decode_completion(*reply, body, chunk); !decoded) {
    return std::unexpected(std::move(decoded.error()));
  }
  return chunk;
}

Result<void> decode_stream_record(const json::value& record, std::string_view text,
                                  ChatChunk& out) {
  if (auto message = container_error_message(record)) {
    return std::unexpected(container_stream_error(kStreamWhat, *message, text));
  }
  const auto* choices = find(record, "choices");
  if (choices == nullptr || !choices->is_array()) {
    return std::unexpected(
        unexpected_shape(kStreamWhat, "a chat.completion.chunk with choices[]", record, text));
  }
  read_usage(record, out);
  const auto* choice = first_choice(record);
  if (choice == nullptr) return {};  // the usage-only chunk has "choices": []
  const auto* delta = find(*choice, "delta");
  if (delta == nullptr) {
    // A whole chat.completion on a stream (the container ignored "stream").
    if (find(*choice, "message") != nullptr) return decode_completion(record, text, out);
    append_content(find(*choice, "text"), out.content);
    return read_finish_reason(*choice, kStreamWhat, text, out);
  }
  append_content(find(*delta, "content"), out.content);
  append_reasoning(*delta, out.reasoning);
  if (auto calls = read_tool_calls(*delta, /*streamed=*/true, kStreamWhat, text, out); !calls) {
    return calls;
  }
  return read_finish_reason(*choice, kStreamWhat, text, out);
}

}  // namespace smp::models::openai_chat
