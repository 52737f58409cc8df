#include "dify/chat_request.hpp"

#include <fmt/format.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "dify/protocol.hpp"

namespace smp::dify {

namespace json = boost::json;
using models::ChatMessage;
using models::ChatRole;
using models::ContentPart;

namespace {

Error bad(std::string message) {
  return Error::make(ErrorKind::invalid_argument, "InvalidRequest", std::move(message));
}

Result<ChatRole> parse_role(std::string_view role) {
  if (role == "system") return ChatRole::system;
  if (role == "user") return ChatRole::user;
  if (role == "assistant") return ChatRole::assistant;
  if (role == "tool") return ChatRole::tool;
  return fail(bad(fmt::format("prompt message role '{}' is not system, user, assistant or tool",
                              role.substr(0, 32))));
}

Result<ContentPart> parse_part(const json::object& part, std::size_t i, std::size_t j) {
  auto type = field::string(part, "type");
  if (!type) return fail(type.error());
  if (*type == "text" || type->empty()) {
    auto text = field::string(part, "data");
    if (!text) return fail(text.error());
    return ContentPart::from_text(std::move(*text));
  }
  if (*type == "image") {
    auto url = field::string(part, "url");
    auto b64 = field::string(part, "base64_data");
    auto mime = field::string(part, "mime_type");
    auto detail = field::string(part, "detail");
    auto data = field::string(part, "data");
    if (!url || !b64 || !mime || !detail || !data)
      return fail(bad(fmt::format("prompt_messages[{}].content[{}]: malformed image part", i, j)));
    std::string source;
    if (!b64->empty()) {
      source = fmt::format("data:{};base64,{}", mime->empty() ? "image/png" : *mime, *b64);
    } else if (!url->empty()) {
      source = std::move(*url);
    } else if (!data->empty()) {
      source = std::move(*data);
    } else {
      return fail(
          bad(fmt::format("prompt_messages[{}].content[{}]: image without data or url", i, j)));
    }
    return ContentPart::from_image(std::move(source), std::move(*detail));
  }
  return fail(bad(fmt::format(
      "prompt_messages[{}].content[{}]: {} content is not supported by SageMaker chat models "
      "(only text and images)",
      i, j, type->substr(0, 32))));
}

Result<ChatMessage> parse_message(const json::value& value, std::size_t i) {
  if (!value.is_object()) return fail(bad(fmt::format("prompt_messages[{}] is not an object", i)));
  const auto& m = value.get_object();
  ChatMessage message;
  auto role = field::string(m, "role", true);
  if (!role) return fail(role.error());
  auto parsed_role = parse_role(*role);
  if (!parsed_role) return fail(parsed_role.error());
  message.role = *parsed_role;
  if (auto it = m.find("content"); it != m.end() && !it->value().is_null()) {
    const auto& content = it->value();
    if (content.is_string()) {
      message.content.push_back(ContentPart::from_text(std::string(content.get_string())));
    } else if (content.is_array()) {
      std::size_t j = 0;
      for (const auto& part : content.get_array()) {
        if (!part.is_object())
          return fail(bad(fmt::format("prompt_messages[{}].content[{}] is not an object", i, j)));
        auto parsed = parse_part(part.get_object(), i, j++);
        if (!parsed) return fail(parsed.error());
        message.content.push_back(std::move(*parsed));
      }
    } else {
      return fail(bad(fmt::format("prompt_messages[{}].content must be a string or an array", i)));
    }
  }
  auto name = field::string(m, "name");
  if (!name) return fail(name.error());
  message.name = std::move(*name);
  auto call_id = field::string(m, "tool_call_id");
  if (!call_id) return fail(call_id.error());
  message.tool_call_id = std::move(*call_id);
  if (auto it = m.find("tool_calls"); it != m.end() && !it->value().is_null()) {
    if (!it->value().is_array())
      return fail(bad(fmt::format("prompt_messages[{}].tool_calls must be an array", i)));
    for (const auto& call : it->value().get_array()) {
      if (!call.is_object()) return fail(bad("tool_calls[] must be objects"));
      models::ToolCall tc;
      auto id = field::string(call.get_object(), "id");
      auto fn = field::object(call.get_object(), "function");
      if (!id || !fn) return fail(bad(fmt::format("prompt_messages[{}]: malformed tool call", i)));
      tc.id = std::move(*id);
      auto fname = field::string(*fn, "name");
      if (!fname) return fail(fname.error());
      tc.name = std::move(*fname);
      if (auto a = fn->find("arguments"); a != fn->end()) {
        if (a->value().is_string())
          tc.arguments = std::string(a->value().get_string());
        else if (!a->value().is_null())
          tc.arguments = json::serialize(a->value());
      }
      message.tool_calls.push_back(std::move(tc));
    }
  }
  return message;
}

Result<void> parse_tools(const json::object& data, models::ChatRequest& request) {
  auto it = data.find("tools");
  if (it == data.end() || it->value().is_null()) return {};
  if (!it->value().is_array()) return fail(bad("tools must be an array"));
  for (const auto& t : it->value().get_array()) {
    if (!t.is_object()) return fail(bad("tools[] must be objects"));
    models::ToolDefinition tool;
    auto name = field::string(t.get_object(), "name", true);
    if (!name) return fail(name.error());
    auto description = field::string(t.get_object(), "description");
    if (!description) return fail(description.error());
    auto parameters = field::object(t.get_object(), "parameters");
    if (!parameters) return fail(parameters.error());
    tool.name = std::move(*name);
    tool.description = std::move(*description);
    tool.parameters = std::move(*parameters);
    request.tools.push_back(std::move(tool));
  }
  return {};
}

Result<void> parse_tool_choice(const json::object& data, models::ChatRequest& request) {
  auto choice = field::object(data, "tool_choice");
  if (!choice) {
    // Some senders use OpenAI's string form.
    auto text = field::string(data, "tool_choice");
    if (!text) return fail(choice.error());
    json::object o;
    o["mode"] = *text;
    choice = std::move(o);
  }
  if (choice->empty()) return {};
  auto mode = field::string(*choice, "mode");
  if (!mode) return fail(mode.error());
  using Mode = models::ToolChoice::Mode;
  if (*mode == "auto")
    request.tool_choice.mode = Mode::auto_;
  else if (*mode == "none")
    request.tool_choice.mode = Mode::none;
  else if (*mode == "required")
    request.tool_choice.mode = Mode::required;
  else if (*mode == "tool" || *mode == "function") {
    auto name = field::string(*choice, "name", true);
    if (!name) return fail(name.error());
    request.tool_choice.mode = Mode::function;
    request.tool_choice.function_name = std::move(*name);
  } else if (!mode->empty()) {
    return fail(bad(fmt::format("tool_choice.mode '{}' is not auto, none, required or tool",
                                mode->substr(0, 32))));
  }
  return {};
}

// A JSON schema given as an object or as JSON text (Dify's json_schema parameter is text).
Result<json::value> schema_value(const json::value& v) {
  if (v.is_object()) return v;
  if (v.is_string()) {
    boost::system::error_code ec;
    auto parsed = json::parse(v.get_string(), ec);
    if (ec || !parsed.is_object()) return fail(bad("json_schema is not a JSON object"));
    return parsed;
  }
  return fail(bad("json_schema must be an object or JSON text"));
}

void set_schema(models::ChatRequest& request, json::value schema) {
  request.response_format.kind = models::ResponseFormat::Kind::json_schema;
  // Dify's form holds {"name":…,"schema":{…}} (OpenAI's shape) or the bare schema.
  if (auto* o = schema.if_object(); o && o->contains("schema") && (*o)["schema"].is_object()) {
    if (auto n = o->find("name"); n != o->end() && n->value().is_string())
      request.response_format.schema_name = std::string(n->value().get_string());
    if (auto s = o->find("strict"); s != o->end() && s->value().is_bool())
      request.response_format.strict = s->value().get_bool();
    request.response_format.schema = (*o)["schema"];
  } else {
    request.response_format.schema = std::move(schema);
  }
  if (request.response_format.schema_name.empty()) request.response_format.schema_name = "response";
}

Result<void> parse_parameters(const json::object& data, models::ChatRequest& request) {
  auto params = field::object(data, "model_parameters");
  if (!params) return fail(params.error());
  auto temperature = field::number(*params, "temperature");
  auto top_p = field::number(*params, "top_p");
  auto max_tokens = field::integer(*params, "max_tokens");
  if (!temperature) return fail(temperature.error());
  if (!top_p) return fail(top_p.error());
  if (!max_tokens) return fail(max_tokens.error());
  request.temperature = *temperature;
  request.top_p = *top_p;
  if (*max_tokens && **max_tokens > 0) request.max_tokens = *max_tokens;
  auto format = field::string(*params, "response_format");
  if (!format) return fail(format.error());
  if (*format == "json_object" || *format == "JSON") {
    request.response_format.kind = models::ResponseFormat::Kind::json_object;
  } else if (*format == "text") {
    request.response_format.kind = models::ResponseFormat::Kind::text;
  }
  // The schema: the request's json_schema field (daemon ≥ 0.6.2), else the parameter.
  const json::value* schema = nullptr;
  if (auto it = data.find("json_schema"); it != data.end() && !it->value().is_null())
    schema = &it->value();
  else if (auto p = params->find("json_schema");
           p != params->end() && !p->value().is_null() &&
           !(p->value().is_string() && p->value().get_string().empty()))
    schema = &p->value();
  if (schema && (*format == "json_schema" || format->empty())) {
    auto value = schema_value(*schema);
    if (!value) return fail(value.error());
    set_schema(request, std::move(*value));
  } else if (*format == "json_schema") {
    return fail(bad("response_format json_schema needs a json_schema"));
  }
  return {};
}

}  // namespace

Result<models::ChatRequest> chat_request_from_dify(const json::object& data) {
  models::ChatRequest request;
  if (auto it = data.find("prompt_messages"); it != data.end() && !it->value().is_null()) {
    if (!it->value().is_array()) return fail(bad("prompt_messages must be an array"));
    std::size_t i = 0;
    for (const auto& m : it->value().get_array()) {
      auto message = parse_message(m, i++);
      if (!message) return fail(message.error());
      request.messages.push_back(std::move(*message));
    }
  }
  if (auto r = parse_tools(data, request); !r) return fail(r.error());
  if (auto r = parse_tool_choice(data, request); !r) return fail(r.error());
  auto stop = field::strings(data, "stop");
  if (!stop) return fail(stop.error());
  request.stop = std::move(*stop);
  if (auto r = parse_parameters(data, request); !r) return fail(r.error());
  auto stream = field::boolean(data, "stream");
  if (!stream) return fail(stream.error());
  request.stream = stream->value_or(true);
  return request;
}

}  // namespace smp::dify
