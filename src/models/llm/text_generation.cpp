#include "models/llm/text_generation.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "models/json_reply.hpp"
#include "models/llm/chat_format.hpp"
#include "models/llm/tool_prompt.hpp"

namespace smp::models::text_generation {
namespace {

namespace json = boost::json;

std::string_view name_of(Dialect dialect) {
  return dialect == Dialect::lmi ? "lmi" : "tgi";
}

std::string what(Dialect dialect, bool stream) {
  return std::string(name_of(dialect)) + (stream ? " stream" : " generate");
}

json::value grammar_for(const ResponseFormat& format) {
  if (format.kind == ResponseFormat::Kind::json_schema) {
    json::object grammar;
    grammar["type"] = "json";
    grammar["value"] = format.schema;
    return grammar;
  }
  if (format.kind == ResponseFormat::Kind::json_object) {
    json::object any_object;
    any_object["type"] = "object";
    json::object grammar;
    grammar["type"] = "json";
    grammar["value"] = std::move(any_object);
    return grammar;
  }
  return nullptr;
}

// The details object carries the finish reason and token counts (TGI: generated_tokens and,
// in streams, input_length; LMI: generated_tokens and sometimes prompt_tokens).
Result<void> read_details(const json::value& details, std::string_view what_text,
                          std::string_view body, ChatChunk& out) {
  if (!details.is_object()) return {};
  const std::string_view reason = string_at(details, "finish_reason");
  if (reason == "error") {
    std::string message = "the generation ended with finish_reason \"error\"";
    for (const std::string_view key : {"error", "error_msg", "message"}) {
      if (auto text = string_at(details, key); !text.empty()) {
        message = std::string(text);
        break;
      }
    }
    return std::unexpected(container_stream_error(what_text, message, body));
  }
  if (!reason.empty()) out.finish_reason = normalize_finish_reason(reason);
  const auto completion = integer_at(details, "generated_tokens");
  auto prompt = integer_at(details, "input_length");
  if (!prompt) prompt = integer_at(details, "prompt_tokens");
  if (completion || prompt) {
    Usage usage;
    if (prompt) usage.prompt_tokens = *prompt;
    if (completion) usage.completion_tokens = *completion;
    out.usage = usage;
  }
  return {};
}

Result<void> decode_generated(const json::value& item, std::string_view what_text,
                              std::string_view body, ChatChunk& out) {
  const auto* text = find(item, "generated_text");
  if (text == nullptr || !text->is_string()) {
    return std::unexpected(
        unexpected_shape(what_text, "an object with a generated_text string", item, body));
  }
  out.content.append(text->get_string());
  if (const auto* details = find(item, "details")) {
    if (auto read = read_details(*details, what_text, body, out); !read) return read;
  }
  if (out.finish_reason.empty()) out.finish_reason = "stop";
  return {};
}

std::string error_text(const json::value& reply, std::string message) {
  // TGI adds the kind of failure: {"error":"…","error_type":"generation"}.
  if (auto type = string_at(reply, "error_type"); !type.empty()) {
    message += " (" + std::string(type) + ")";
  }
  return message;
}

}  // namespace

Result<std::string> build_request(Dialect dialect, const ChatRequest& request,
                                  const RequestOptions& options) {
  if (auto checked = check_chat_request(request); !checked) {
    return std::unexpected(std::move(checked.error()));
  }
  const ChatRequest r = with_tools_in_prompt(request);
  const bool tgi = dialect == Dialect::tgi;

  json::object parameters;
  if (r.max_tokens) {
    parameters["max_new_tokens"] = *r.max_tokens;
  } else if (options.default_max_new_tokens > 0) {
    parameters["max_new_tokens"] = options.default_max_new_tokens;
  }
  if (r.temperature) {
    if (*r.temperature > 0) {
      parameters["do_sample"] = true;
      parameters["temperature"] = *r.temperature;
    } else {
      parameters["do_sample"] = false;  // temperature 0 means greedy; TGI rejects 0 itself
    }
  }
  // TGI accepts top_p only strictly inside (0, 1); 1 means "no nucleus filter" anyway.
  if (r.top_p && (!tgi || (*r.top_p > 0 && *r.top_p < 1))) parameters["top_p"] = *r.top_p;
  std::vector<std::string> stops = r.stop;
  for (const auto& s : options.chat_template.stop) {
    if (std::find(stops.begin(), stops.end(), s) == stops.end()) stops.push_back(s);
  }
  if (!stops.empty()) {
    json::array stop;
    for (const auto& s : stops)
      stop.emplace_back(s);
    parameters[tgi ? "stop" : "stop_sequences"] = std::move(stop);
  }
  parameters["details"] = true;  // the finish reason and token counts come in details
  parameters["return_full_text"] = false;
  if (tgi) {
    if (auto grammar = grammar_for(r.response_format); !grammar.is_null()) {
      parameters["grammar"] = std::move(grammar);
    }
  }
  for (const auto& [key, value] : r.extra_body) {
    if (key == "parameters" && value.is_object()) {
      for (const auto& [inner_key, inner] : value.get_object())
        parameters[inner_key] = inner;
    } else {
      parameters[key] = value;
    }
  }

  json::object body;
  body["inputs"] = render_prompt(options.chat_template, r.messages);
  body["parameters"] = std::move(parameters);
  body["stream"] = r.stream;
  return json::serialize(body);
}

Result<void> decode_response(Dialect dialect, const json::value& reply, std::string_view body,
                             ChatChunk& out) {
  const std::string what_text = what(dialect, false);
  if (auto message = container_error_message(reply)) {
    return std::unexpected(container_error(what_text, error_text(reply, *message), body));
  }
  // TGI answers an array (so does LMI with OPTION_TGI_COMPAT); LMI an object.
  if (const auto* array = reply.if_array()) {
    if (array->empty()) {
      return std::unexpected(unexpected_shape(what_text, "[{\"generated_text\": …}]", reply, body));
    }
    return decode_generated(array->front(), what_text, body, out);
  }
  if (find(reply, "generated_text") == nullptr) {
    return std::unexpected(unexpected_shape(
        what_text, "{\"generated_text\": …} or [{\"generated_text\": …}]", reply, body));
  }
  return decode_generated(reply, what_text, body, out);
}

Result<ChatChunk> parse_response(Dialect dialect, std::string_view body) {
  auto reply = parse_json(body, what(dialect, false));
  if (!reply) return std::unexpected(std::move(reply.error()));
  ChatChunk chunk;
  if (auto decoded = decode_response(dialect, *reply, body, chunk); !decoded) {
    return std::unexpected(std::move(decoded.error()));
  }
  return chunk;
}

Result<void> decode_stream_record(Dialect dialect, const json::value& record, std::string_view text,
                                  ChatChunk& out) {
  const std::string what_text = what(dialect, true);
  if (auto message = container_error_message(record)) {
    return std::unexpected(container_stream_error(what_text, error_text(record, *message), text));
  }
  const auto* token = find(record, "token");
  if (token == nullptr || token->is_null()) {
    if (const auto* outputs = find(record, "outputs"); outputs != nullptr && outputs->is_array()) {
      for (const auto& piece : outputs->get_array()) {
        if (piece.is_string()) out.content.append(piece.get_string());
      }
      return {};
    }
    // A whole reply on the stream (the container ignored "stream").
    return decode_response(dialect, record, text, out);
  }
  if (!token->is_object()) {
    return std::unexpected(unexpected_shape(what_text, "token to be an object", *token, text));
  }
  const auto id = integer_at(*token, "id");
  const auto* details = find(record, "details");
  if (id && *id == -1 && details != nullptr && string_at(*details, "finish_reason") == "error") {
    // LMI's mid-stream error token (HTTP 200).
    return read_details(*details, what_text, text, out);
  }
  const auto* special = find(*token, "special");
  if (special == nullptr) special = find(*token, "special_token");
  const bool is_special = special != nullptr && special->is_bool() && special->get_bool();
  if (!is_special) out.content.append(string_at(*token, "text"));
  if (details != nullptr && !details->is_null()) {
    if (auto read = read_details(*details, what_text, text, out); !read) return read;
  }
  // The last record carries generated_text (the whole answer, already streamed token by
  // token); without details it is still the end.
  if (const auto* generated = find(record, "generated_text");
      generated != nullptr && generated->is_string() && out.finish_reason.empty()) {
    out.finish_reason = "stop";
  }
  return {};
}

}  // namespace smp::models::text_generation
