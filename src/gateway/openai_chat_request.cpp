#include "gateway/openai_chat_request.hpp"

#include <boost/json/serialize.hpp>

#include "gateway/json_fields.hpp"
#include "gateway/openai_error.hpp"
#include "gateway/try.hpp"

namespace smp::gateway {
namespace {

using boost::json::array;
using boost::json::object;
using boost::json::value;

std::string at(std::string_view path, std::size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}
std::string dot(std::string_view path, std::string_view key) {
  return std::string(path) + "." + std::string(key);
}

// Fields of OpenAI's own service that mean nothing to a container: dropped, never forwarded
// (some containers reject unknown fields; Dify's `user` broke gateways that forwarded it).
constexpr std::string_view kDropped[] = {
    "user",       "store",          "metadata",           "service_tier",      "prediction",
    "modalities", "audio",          "web_search_options", "safety_identifier", "prompt_cache_key",
    "n",          "stream_options",
};

// Fields this parser maps into ChatRequest itself.
constexpr std::string_view kMapped[] = {
    "model",
    "messages",
    "tools",
    "functions",
    "tool_choice",
    "function_call",
    "parallel_tool_calls",
    "stop",
    "temperature",
    "top_p",
    "max_tokens",
    "max_completion_tokens",
    "response_format",
    "stream",
};

template <std::size_t N>
bool contains(const std::string_view (&list)[N], std::string_view key) {
  for (auto item : list)
    if (item == key) return true;
  return false;
}

Result<models::ChatRole> parse_role(std::string_view role, std::string_view path) {
  if (role == "system" || role == "developer") return models::ChatRole::system;
  if (role == "user") return models::ChatRole::user;
  if (role == "assistant") return models::ChatRole::assistant;
  if (role == "tool" || role == "function") return models::ChatRole::tool;
  return fail(request_error(std::string(path) +
                                " must be one of system, developer, user, "
                                "assistant, tool; got '" +
                                std::string(role) + "'.",
                            std::string(path), "invalid_value"));
}

Result<models::ContentPart> parse_part(const value& item, const std::string& path) {
  if (!item.is_object())
    return fail(request_error(path + " must be an object with a type.", path, "invalid_type"));
  const auto& part = item.as_object();
  SMP_GW_TRY(type, required_string(part, "type", dot(path, "type")));
  if (type == "text" || type == "input_text") {
    SMP_GW_TRY(text, required_string(part, "text", dot(path, "text")));
    return models::ContentPart::from_text(std::move(text));
  }
  if (type == "image_url") {
    const auto* image = field(part, "image_url");
    const auto image_path = dot(path, "image_url");
    if (image && image->is_string())  // some clients send the URL directly
      return models::ContentPart::from_image(std::string(image->as_string()));
    if (!image || !image->is_object())
      return fail(
          request_error(image_path + " must be an object with a url.", image_path, "invalid_type"));
    SMP_GW_TRY(url, required_string(image->as_object(), "url", dot(image_path, "url")));
    SMP_GW_TRY(detail, optional_string(image->as_object(), "detail", dot(image_path, "detail")));
    return models::ContentPart::from_image(std::move(url), detail.value_or(""));
  }
  return fail(request_error(
      dot(path, "type") + " '" + type + "' is not supported here; use text or image_url parts.",
      dot(path, "type"), "unsupported_value"));
}

Result<std::vector<models::ContentPart>> parse_content(const object& message,
                                                       const std::string& path) {
  std::vector<models::ContentPart> parts;
  const auto* content = field(message, "content");
  const auto content_path = dot(path, "content");
  if (!content) return parts;
  if (content->is_string()) {
    parts.push_back(models::ContentPart::from_text(std::string(content->as_string())));
    return parts;
  }
  if (!content->is_array())
    return fail(request_error(content_path + " must be a string or an array of parts, not " +
                                  std::string(json_kind_name(*content)) + ".",
                              content_path, "invalid_type"));
  const auto& items = content->as_array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    SMP_GW_TRY(part, parse_part(items[i], at(content_path, i)));
    parts.push_back(std::move(part));
  }
  return parts;
}

// Arguments are JSON text on the wire; a few clients send an object instead.
std::string arguments_text(const value* arguments) {
  if (!arguments) return "{}";
  if (arguments->is_string()) return std::string(arguments->as_string());
  return boost::json::serialize(*arguments);
}

Result<std::vector<models::ToolCall>> parse_tool_calls(const object& message,
                                                       const std::string& path) {
  std::vector<models::ToolCall> calls;
  const auto* list = field(message, "tool_calls");
  const auto list_path = dot(path, "tool_calls");
  if (list) {
    if (!list->is_array())
      return fail(request_error(list_path + " must be an array.", list_path, "invalid_type"));
    for (std::size_t i = 0; i < list->as_array().size(); ++i) {
      const auto item_path = at(list_path, i);
      const auto& item = list->as_array()[i];
      if (!item.is_object())
        return fail(request_error(item_path + " must be an object.", item_path, "invalid_type"));
      models::ToolCall call;
      SMP_GW_TRY(id, optional_string(item.as_object(), "id", dot(item_path, "id")));
      call.id = id.value_or("");
      const auto* function = field(item.as_object(), "function");
      if (!function || !function->is_object())
        return fail(request_error(dot(item_path, "function") + " must be an object.",
                                  dot(item_path, "function"), "invalid_type"));
      SMP_GW_TRY(name,
                 required_string(function->as_object(), "name", dot(item_path, "function.name")));
      call.name = std::move(name);
      call.arguments = arguments_text(field(function->as_object(), "arguments"));
      calls.push_back(std::move(call));
    }
  }
  // The legacy single function_call of an assistant turn.
  if (const auto* legacy = field(message, "function_call"); legacy && legacy->is_object()) {
    models::ToolCall call;
    SMP_GW_TRY(name, required_string(legacy->as_object(), "name", dot(path, "function_call.name")));
    call.name = std::move(name);
    call.arguments = arguments_text(field(legacy->as_object(), "arguments"));
    calls.push_back(std::move(call));
  }
  return calls;
}

Result<std::vector<models::ChatMessage>> parse_messages(const object& body) {
  const auto* messages = field(body, "messages");
  if (!messages)
    return fail(request_error("messages is required.", "messages", "missing_required_parameter"));
  if (!messages->is_array() || messages->as_array().empty())
    return fail(request_error("messages must be a non-empty array.", "messages", "invalid_type"));
  std::vector<models::ChatMessage> out;
  for (std::size_t i = 0; i < messages->as_array().size(); ++i) {
    const auto path = at("messages", i);
    const auto& item = messages->as_array()[i];
    if (!item.is_object())
      return fail(request_error(path + " must be an object.", path, "invalid_type"));
    const auto& message = item.as_object();
    models::ChatMessage m;
    SMP_GW_TRY(role_text, required_string(message, "role", dot(path, "role")));
    SMP_GW_TRY(role, parse_role(role_text, dot(path, "role")));
    m.role = role;
    SMP_GW_TRY(content, parse_content(message, path));
    m.content = std::move(content);
    SMP_GW_TRY(calls, parse_tool_calls(message, path));
    m.tool_calls = std::move(calls);
    SMP_GW_TRY(call_id, optional_string(message, "tool_call_id", dot(path, "tool_call_id")));
    m.tool_call_id = call_id.value_or("");
    SMP_GW_TRY(name, optional_string(message, "name", dot(path, "name")));
    // A legacy role "function" result names its function; keep the name as the call id too.
    if (role_text == "function" && m.tool_call_id.empty()) m.tool_call_id = name.value_or("");
    m.name = name.value_or("");
    out.push_back(std::move(m));
  }
  return out;
}

Result<models::ToolDefinition> parse_function(const value& item, const std::string& path) {
  if (!item.is_object())
    return fail(request_error(path + " must be an object.", path, "invalid_type"));
  const auto& function = item.as_object();
  models::ToolDefinition tool;
  SMP_GW_TRY(name, required_string(function, "name", dot(path, "name")));
  tool.name = std::move(name);
  SMP_GW_TRY(description, optional_string(function, "description", dot(path, "description")));
  tool.description = description.value_or("");
  if (const auto* parameters = field(function, "parameters")) {
    if (!parameters->is_object())
      return fail(request_error(dot(path, "parameters") + " must be a JSON schema object.",
                                dot(path, "parameters"), "invalid_type"));
    tool.parameters = parameters->as_object();
  }
  return tool;
}

Result<std::vector<models::ToolDefinition>> parse_tools(const object& body) {
  std::vector<models::ToolDefinition> tools;
  if (const auto* list = field(body, "tools")) {
    if (!list->is_array())
      return fail(request_error("tools must be an array.", "tools", "invalid_type"));
    for (std::size_t i = 0; i < list->as_array().size(); ++i) {
      const auto path = at("tools", i);
      const auto& item = list->as_array()[i];
      if (!item.is_object())
        return fail(request_error(path + " must be an object.", path, "invalid_type"));
      SMP_GW_TRY(type, optional_string(item.as_object(), "type", dot(path, "type")));
      if (type && *type != "function")
        return fail(request_error(
            dot(path, "type") + " '" + *type + "' is not supported; only function tools are.",
            dot(path, "type"), "unsupported_value"));
      const auto* function = field(item.as_object(), "function");
      if (!function)
        return fail(request_error(dot(path, "function") + " is required.", dot(path, "function"),
                                  "missing_required_parameter"));
      SMP_GW_TRY(tool, parse_function(*function, dot(path, "function")));
      tools.push_back(std::move(tool));
    }
  }
  if (const auto* list = field(body, "functions"); list && list->is_array()) {
    for (std::size_t i = 0; i < list->as_array().size(); ++i) {
      SMP_GW_TRY(tool, parse_function(list->as_array()[i], at("functions", i)));
      tools.push_back(std::move(tool));
    }
  }
  return tools;
}

Result<models::ToolChoice> parse_tool_choice(const object& body) {
  models::ToolChoice choice;
  const char* key = body.contains("tool_choice") ? "tool_choice" : "function_call";
  const auto* item = field(body, key);
  if (!item) return choice;
  if (item->is_string()) {
    const auto text = std::string_view(item->as_string());
    if (text == "none")
      choice.mode = models::ToolChoice::Mode::none;
    else if (text == "auto")
      choice.mode = models::ToolChoice::Mode::auto_;
    else if (text == "required")
      choice.mode = models::ToolChoice::Mode::required;
    else
      return fail(request_error(std::string(key) + " must be none, auto, required or a function.",
                                key, "invalid_value"));
    return choice;
  }
  if (!item->is_object())
    return fail(
        request_error(std::string(key) + " must be a string or an object.", key, "invalid_type"));
  const auto& o = item->as_object();
  const auto* function = field(o, "function");
  const object* holder = function && function->is_object() ? &function->as_object() : &o;
  SMP_GW_TRY(name, required_string(*holder, "name", std::string(key) + ".function.name"));
  choice.mode = models::ToolChoice::Mode::function;
  choice.function_name = std::move(name);
  return choice;
}

Result<std::vector<std::string>> parse_stop(const object& body) {
  std::vector<std::string> stop;
  const auto* item = field(body, "stop");
  if (!item) return stop;
  if (item->is_string()) {
    if (!item->as_string().empty()) stop.emplace_back(item->as_string());
    return stop;
  }
  if (!item->is_array())
    return fail(
        request_error("stop must be a string or an array of strings.", "stop", "invalid_type"));
  for (std::size_t i = 0; i < item->as_array().size(); ++i) {
    const auto& s = item->as_array()[i];
    if (!s.is_string())
      return fail(
          request_error(at("stop", i) + " must be a string.", at("stop", i), "invalid_type"));
    if (!s.as_string().empty()) stop.emplace_back(s.as_string());
  }
  return stop;
}

Result<models::ResponseFormat> parse_response_format(const object& body) {
  models::ResponseFormat format;
  const auto* item = field(body, "response_format");
  if (!item) return format;
  if (!item->is_object())
    return fail(request_error("response_format must be an object with a type.", "response_format",
                              "invalid_type"));
  const auto& o = item->as_object();
  SMP_GW_TRY(type, required_string(o, "type", "response_format.type"));
  if (type == "text") {
    format.kind = models::ResponseFormat::Kind::text;
  } else if (type == "json_object") {
    format.kind = models::ResponseFormat::Kind::json_object;
  } else if (type == "json_schema") {
    format.kind = models::ResponseFormat::Kind::json_schema;
    const auto* schema = field(o, "json_schema");
    if (!schema || !schema->is_object())
      return fail(request_error("response_format.json_schema must be an object.",
                                "response_format.json_schema", "invalid_type"));
    const auto& s = schema->as_object();
    SMP_GW_TRY(name, optional_string(s, "name", "response_format.json_schema.name"));
    format.schema_name = name.value_or("response");
    if (const auto* inner = field(s, "schema")) format.schema = *inner;
    SMP_GW_TRY(strict, optional_bool(s, "strict", "response_format.json_schema.strict"));
    format.strict = strict;
  } else {
    return fail(request_error("response_format.type must be text, json_object or json_schema.",
                              "response_format.type", "invalid_value"));
  }
  return format;
}

// The parts shared by chat and completions: sampling, limits, stop, stream, extra body.
Result<void> parse_common(const object& body, ChatCompletionRequest& out) {
  SMP_GW_TRY(model, required_string(body, "model", "model"));
  out.model = std::move(model);
  auto& chat = out.chat;
  SMP_GW_TRY(stop, parse_stop(body));
  chat.stop = std::move(stop);
  SMP_GW_TRY(temperature, optional_number(body, "temperature", "temperature"));
  chat.temperature = temperature;
  SMP_GW_TRY(top_p, optional_number(body, "top_p", "top_p"));
  chat.top_p = top_p;
  SMP_GW_TRY(max_tokens, optional_integer(body, "max_tokens", "max_tokens"));
  SMP_GW_TRY(max_completion,
             optional_integer(body, "max_completion_tokens", "max_completion_tokens"));
  chat.max_tokens = max_completion ? max_completion : max_tokens;
  if (chat.max_tokens && *chat.max_tokens < 1)
    return fail(request_error("max_tokens must be at least 1.",
                              max_completion ? "max_completion_tokens" : "max_tokens",
                              "invalid_value"));
  SMP_GW_TRY(stream, optional_bool(body, "stream", "stream"));
  out.stream = stream.value_or(false);
  chat.stream = out.stream;
  if (const auto* options = field(body, "stream_options"); options && options->is_object()) {
    SMP_GW_TRY(usage, optional_bool(options->as_object(), "include_usage",
                                    "stream_options.include_usage"));
    out.include_usage = usage.value_or(false);
  }
  SMP_GW_TRY(n, optional_integer(body, "n", "n"));
  if (n && *n != 1)
    return fail(request_error("n must be 1: one choice per request is supported.", "n",
                              "unsupported_value"));
  return {};
}

void collect_extra_body(const object& body, models::ChatRequest& chat,
                        std::initializer_list<std::string_view> also_mapped = {}) {
  for (const auto& [key, item] : body) {
    if (contains(kDropped, key) || contains(kMapped, key)) continue;
    bool mapped = false;
    for (auto m : also_mapped)
      if (m == key) mapped = true;
    if (mapped || item.is_null()) continue;
    chat.extra_body[key] = item;
  }
}

}  // namespace

Result<ChatCompletionRequest> parse_chat_completion_request(std::string_view text) {
  SMP_GW_TRY(body, parse_json_object(text));
  ChatCompletionRequest out;
  if (auto ok = parse_common(body, out); !ok) return fail(ok.error());
  SMP_GW_TRY(messages, parse_messages(body));
  out.chat.messages = std::move(messages);
  SMP_GW_TRY(tools, parse_tools(body));
  out.chat.tools = std::move(tools);
  SMP_GW_TRY(choice, parse_tool_choice(body));
  out.chat.tool_choice = std::move(choice);
  SMP_GW_TRY(parallel, optional_bool(body, "parallel_tool_calls", "parallel_tool_calls"));
  out.chat.parallel_tool_calls = parallel;
  SMP_GW_TRY(format, parse_response_format(body));
  out.chat.response_format = std::move(format);
  collect_extra_body(body, out.chat);
  if (auto ok = models::check_chat_request(out.chat); !ok) {
    auto error = ok.error();
    error.with_detail("param", "messages");
    return fail(std::move(error));
  }
  return out;
}

Result<ChatCompletionRequest> parse_completion_request(std::string_view text) {
  SMP_GW_TRY(body, parse_json_object(text));
  ChatCompletionRequest out;
  if (auto ok = parse_common(body, out); !ok) return fail(ok.error());
  const auto* prompt = field(body, "prompt");
  std::string prompt_text;
  if (!prompt)
    return fail(request_error("prompt is required.", "prompt", "missing_required_parameter"));
  if (prompt->is_string()) {
    prompt_text = std::string(prompt->as_string());
  } else if (prompt->is_array() && prompt->as_array().size() == 1 &&
             prompt->as_array()[0].is_string()) {
    prompt_text = std::string(prompt->as_array()[0].as_string());
  } else {
    return fail(
        request_error("prompt must be one string (token arrays and several prompts are "
                      "not supported).",
                      "prompt", "unsupported_value"));
  }
  SMP_GW_TRY(echo, optional_bool(body, "echo", "echo"));
  if (echo.value_or(false))
    return fail(request_error("echo is not supported.", "echo", "unsupported_value"));
  SMP_GW_TRY(suffix, optional_string(body, "suffix", "suffix"));
  if (suffix && !suffix->empty())
    return fail(request_error("suffix is not supported.", "suffix", "unsupported_value"));
  // OpenAI's documented default for completions; chat has none.
  if (!out.chat.max_tokens) out.chat.max_tokens = 16;
  out.chat.messages.push_back(models::ChatMessage::text(models::ChatRole::user, prompt_text));
  collect_extra_body(body, out.chat, {"prompt", "echo", "suffix", "best_of", "logprobs"});
  return out;
}

}  // namespace smp::gateway
