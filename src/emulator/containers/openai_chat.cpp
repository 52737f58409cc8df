#include "emulator/containers/openai_chat.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>

#include "emulator/containers/json_writer.hpp"
#include "emulator/containers/text_tokens.hpp"

namespace smp::emulator {
namespace {

namespace json = boost::json;

std::string validation_error(std::string_view model, std::string_view location,
                             std::string_view problem) {
  return "1 validation error for " + std::string(model) + "\n" + std::string(location) + "\n  " +
         std::string(problem);
}

// Text of an OpenAI `content`: a string, null, or a list of parts (text parts joined by a space;
// image parts counted).
std::expected<void, std::string> read_content(const json::value& content, ChatTurn& turn,
                                              std::string_view where) {
  if (content.is_null()) return {};
  if (content.is_string()) {
    turn.text = std::string(content.as_string());
    return {};
  }
  if (!content.is_array()) {
    return std::unexpected(validation_error("ChatCompletionRequest", where,
                                            "Input should be a valid string or list of parts"));
  }
  for (const auto& part : content.as_array()) {
    if (!part.is_object()) continue;
    const auto& object = part.as_object();
    const json::value* type = object.if_contains("type");
    const std::string_view kind =
        type && type->is_string() ? std::string_view(type->as_string()) : std::string_view();
    if (kind == "text") {
      if (const json::value* text = object.if_contains("text"); text && text->is_string()) {
        if (!turn.text.empty()) turn.text += ' ';
        turn.text += std::string(text->as_string());
      }
    } else if (kind == "image_url" || kind == "input_image" || kind == "image") {
      ++turn.image_count;
    }
  }
  return {};
}

std::optional<long long> integer_of(const json::value& value) {
  if (value.is_int64()) return value.as_int64();
  if (value.is_uint64()) return static_cast<long long>(value.as_uint64());
  if (value.is_double() &&
      value.as_double() == static_cast<double>(static_cast<long long>(value.as_double()))) {
    return static_cast<long long>(value.as_double());
  }
  return std::nullopt;
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void write_usage(JsonWriter& out, const Generation& generation, const ChatDialect& dialect) {
  const long long total = generation.prompt_tokens + generation.completion_tokens;
  out.key("usage").begin_object();
  out.field_int("prompt_tokens", generation.prompt_tokens);
  if (dialect.vllm_fields) {
    out.field_int("total_tokens", total);
    out.field_int("completion_tokens", generation.completion_tokens);
    out.field_null("prompt_tokens_details");
  } else {
    out.field_int("completion_tokens", generation.completion_tokens);
    out.field_int("total_tokens", total);
  }
  out.end_object();
}

void write_identity(JsonWriter& out, const ChatDialect& dialect, const ResponseIdentity& identity,
                    std::string_view object) {
  if (dialect.tgi_fields) {
    out.field("object", object).field("id", identity.id).field_int("created", identity.created);
    out.field("model", identity.model).field("system_fingerprint", dialect.system_fingerprint);
  } else {
    out.field("id", identity.id).field("object", object).field_int("created", identity.created);
    out.field("model", identity.model);
  }
}

void write_stop_reason(JsonWriter& out, const Generation& generation) {
  if (generation.cause == StopCause::stop_sequence) {
    out.field("stop_reason", generation.matched_stop);
  } else {
    out.field_null("stop_reason");
  }
}

// Argument fragments as a tool parser streams them: a few tokens at a time.
std::vector<std::string> argument_fragments(std::string_view arguments) {
  std::vector<std::string> fragments;
  std::string current;
  int in_current = 0;
  for (auto& token : tokenize(arguments)) {
    current += token;
    if (++in_current == 3) {
      fragments.push_back(std::move(current));
      current.clear();
      in_current = 0;
    }
  }
  if (!current.empty()) fragments.push_back(std::move(current));
  return fragments;
}

// One streamed delta, before framing: the members of the "delta" object as JSON text.
struct Delta {
  std::string members;  // e.g. "\"content\":\"Hi\""
};

}  // namespace

const std::string& FinishReasonWords::of(StopCause cause) const {
  switch (cause) {
    case StopCause::eos:
      return eos;
    case StopCause::stop_sequence:
      return stop_sequence;
    case StopCause::length:
      return length;
    case StopCause::tool_calls:
      return tool_calls;
  }
  return eos;
}

bool is_openai_body(const json::object& body) {
  return body.contains("messages") || body.contains("prompt");
}

std::expected<OpenAiRequest, std::string> parse_openai_request(const json::object& body) {
  OpenAiRequest request;
  GenerationRequest& generation = request.generation;
  const char* model_name =
      body.contains("messages") ? "ChatCompletionRequest" : "CompletionRequest";
  if (const json::value* model = body.if_contains("model"); model && !model->is_null()) {
    if (!model->is_string()) {
      return std::unexpected(
          validation_error(model_name, "model", "Input should be a valid string"));
    }
    request.model = std::string(model->as_string());
  }
  if (const json::value* messages = body.if_contains("messages")) {
    if (!messages->is_array()) {
      return std::unexpected(
          validation_error(model_name, "messages", "Input should be a valid list"));
    }
    std::size_t index = 0;
    for (const auto& message : messages->as_array()) {
      const std::string where = "messages." + std::to_string(index++);
      if (!message.is_object()) {
        return std::unexpected(
            validation_error(model_name, where, "Input should be a valid dictionary"));
      }
      const auto& object = message.as_object();
      ChatTurn turn;
      const json::value* role = object.if_contains("role");
      if (!role || !role->is_string()) {
        return std::unexpected(validation_error(model_name, where + ".role", "Field required"));
      }
      turn.role = std::string(role->as_string());
      if (const json::value* content = object.if_contains("content")) {
        if (auto ok = read_content(*content, turn, where + ".content"); !ok) {
          return std::unexpected(ok.error());
        }
      }
      if (const json::value* id = object.if_contains("tool_call_id"); id && id->is_string()) {
        turn.tool_call_id = std::string(id->as_string());
      }
      if (const json::value* calls = object.if_contains("tool_calls"); calls && calls->is_array()) {
        for (const auto& call : calls->as_array()) {
          if (!call.is_object()) continue;
          ToolCall parsed;
          if (const json::value* id = call.as_object().if_contains("id"); id && id->is_string()) {
            parsed.id = std::string(id->as_string());
          }
          if (const json::value* fn = call.as_object().if_contains("function");
              fn && fn->is_object()) {
            if (const json::value* name = fn->as_object().if_contains("name");
                name && name->is_string()) {
              parsed.name = std::string(name->as_string());
            }
            if (const json::value* args = fn->as_object().if_contains("arguments");
                args && args->is_string()) {
              parsed.arguments = std::string(args->as_string());
            }
          }
          turn.tool_calls.push_back(std::move(parsed));
        }
      }
      generation.turns.push_back(std::move(turn));
    }
  } else if (const json::value* prompt = body.if_contains("prompt")) {
    request.is_chat = false;
    generation.raw_prompt = true;
    ChatTurn turn;
    turn.role = "user";
    if (prompt->is_string()) {
      turn.text = std::string(prompt->as_string());
    } else if (prompt->is_array() && !prompt->as_array().empty() &&
               prompt->as_array().front().is_string()) {
      turn.text = std::string(prompt->as_array().front().as_string());
    } else {
      return std::unexpected(
          validation_error(model_name, "prompt", "Input should be a valid string"));
    }
    generation.turns.push_back(std::move(turn));
  } else {
    return std::unexpected(validation_error(model_name, "messages", "Field required"));
  }

  for (const char* name : {"max_tokens", "max_completion_tokens"}) {
    if (const json::value* value = body.if_contains(name); value && !value->is_null()) {
      const auto number = integer_of(*value);
      if (!number) {
        return std::unexpected(
            validation_error(model_name, name, "Input should be a valid integer"));
      }
      if (*number < 0) {
        return std::unexpected(std::string(name) + " must be at least 0, got " +
                               std::to_string(*number) + ".");
      }
      generation.max_tokens = *number;
    }
  }
  if (const json::value* stop = body.if_contains("stop"); stop && !stop->is_null()) {
    if (stop->is_string()) {
      generation.stop.emplace_back(stop->as_string());
    } else if (stop->is_array()) {
      for (const auto& item : stop->as_array()) {
        if (item.is_string()) generation.stop.emplace_back(item.as_string());
      }
    } else {
      return std::unexpected(validation_error(model_name, "stop", "Input should be a valid list"));
    }
  }
  if (const json::value* stream = body.if_contains("stream"); stream && stream->is_bool()) {
    request.stream = stream->as_bool();
  }
  if (const json::value* options = body.if_contains("stream_options");
      options && options->is_object()) {
    if (const json::value* usage = options->as_object().if_contains("include_usage");
        usage && usage->is_bool()) {
      request.include_usage = usage->as_bool();
    }
  }
  if (const json::value* kwargs = body.if_contains("chat_template_kwargs");
      kwargs && kwargs->is_object()) {
    for (const char* name : {"enable_thinking", "thinking"}) {
      if (const json::value* flag = kwargs->as_object().if_contains(name);
          flag && flag->is_bool()) {
        request.enable_thinking = flag->as_bool();
      }
    }
  }
  if (const json::value* tools = body.if_contains("tools"); tools && tools->is_array()) {
    for (const auto& tool : tools->as_array()) {
      if (!tool.is_object()) continue;
      const json::value* fn = tool.as_object().if_contains("function");
      if (!fn || !fn->is_object()) continue;
      ToolSpec spec;
      if (const json::value* name = fn->as_object().if_contains("name");
          name && name->is_string()) {
        spec.name = std::string(name->as_string());
      }
      if (const json::value* description = fn->as_object().if_contains("description");
          description && description->is_string()) {
        spec.description = std::string(description->as_string());
      }
      if (const json::value* parameters = fn->as_object().if_contains("parameters")) {
        spec.parameters = *parameters;
      }
      if (!spec.name.empty()) generation.tools.push_back(std::move(spec));
    }
  }
  if (const json::value* choice = body.if_contains("tool_choice"); choice && !choice->is_null()) {
    if (choice->is_string()) {
      generation.tool_choice = std::string(choice->as_string());
    } else if (choice->is_object()) {
      if (const json::value* fn = choice->as_object().if_contains("function");
          fn && fn->is_object()) {
        if (const json::value* name = fn->as_object().if_contains("name");
            name && name->is_string()) {
          generation.tool_choice = std::string(name->as_string());
        }
      }
    }
  }
  if (const json::value* parallel = body.if_contains("parallel_tool_calls");
      parallel && parallel->is_bool()) {
    generation.parallel_tool_calls = parallel->as_bool();
  }
  return request;
}

bool wants_reasoning(const OpenAiRequest& request, std::string_view served_model) {
  if (request.enable_thinking) return *request.enable_thinking;
  for (const std::string& name : {request.model, std::string(served_model)}) {
    const std::string lowered = lowercase(name);
    for (std::string_view family : {"reason", "qwen3", "deepseek-r1", "qwq", "think"}) {
      if (lowered.find(family) != std::string::npos) return true;
    }
  }
  return false;
}

void assign_tool_call_ids(Generation& generation, SeededRandom& rng, std::string_view prefix) {
  for (auto& call : generation.tool_calls)
    call.id = std::string(prefix) + hex_id(rng);
}

std::string frame_record(std::string_view payload, StreamFraming framing) {
  switch (framing) {
    case StreamFraming::sse_with_space:
      return "data: " + std::string(payload) + "\n\n";
    case StreamFraming::sse_without_space:
      return "data:" + std::string(payload) + "\n\n";
    case StreamFraming::json_lines:
      return std::string(payload) + "\n";
  }
  return std::string(payload);
}

std::string render_chat_completion(const Generation& generation, const ChatDialect& dialect,
                                   const ResponseIdentity& identity) {
  JsonWriter out;
  out.begin_object();
  write_identity(out, dialect, identity, "chat.completion");
  out.key("choices").begin_array().begin_object();
  out.field_int("index", 0);
  out.key("message").begin_object();
  out.field("role", "assistant");
  const std::string content = generation.content_text();
  if (content.empty() && !generation.tool_calls.empty()) {
    out.field_null("content");
  } else {
    out.field("content", content);
  }
  if (dialect.vllm_fields) {
    out.field_null("refusal")
        .field_null("annotations")
        .field_null("audio")
        .field_null("function_call");
  }
  if (dialect.vllm_fields || !generation.tool_calls.empty()) {
    out.key("tool_calls").begin_array();
    for (const auto& call : generation.tool_calls) {
      out.begin_object().field("id", call.id).field("type", "function");
      out.key("function")
          .begin_object()
          .field("name", call.name)
          .field("arguments", call.arguments);
      out.end_object().end_object();
    }
    out.end_array();
  }
  if (!generation.reasoning_tokens.empty()) {
    out.field(dialect.reasoning_field, generation.reasoning_text());
  } else if (dialect.vllm_fields) {
    out.field_null(dialect.reasoning_field);
  }
  out.end_object();
  out.field_null("logprobs");
  out.field("finish_reason", dialect.finish.of(generation.cause));
  if (dialect.vllm_fields) write_stop_reason(out, generation);
  out.end_object().end_array();
  if (dialect.vllm_fields) out.field_null("service_tier").field_null("system_fingerprint");
  write_usage(out, generation, dialect);
  if (dialect.vllm_fields) out.field_null("prompt_logprobs").field_null("kv_transfer_params");
  out.end_object();
  return out.take();
}

std::vector<std::string> render_chat_stream(const Generation& generation,
                                            const ChatDialect& dialect,
                                            const ResponseIdentity& identity, bool include_usage) {
  // The deltas in order: role announcement, reasoning, content, then each tool call (name first,
  // then argument fragments). TGI repeats the role on every delta.
  std::vector<Delta> deltas;
  const auto quoted = [](std::string_view text) { return json_quote(text); };
  const std::string role = "\"role\":\"assistant\"";
  if (!dialect.tgi_fields) deltas.push_back({role + ",\"content\":\"\""});
  for (const auto& token : generation.reasoning_tokens) {
    deltas.push_back({quoted(dialect.reasoning_field) + ":" + quoted(token)});
  }
  for (const auto& token : generation.content_tokens) {
    deltas.push_back({"\"content\":" + quoted(token)});
  }
  for (std::size_t i = 0; i < generation.tool_calls.size(); ++i) {
    const ToolCall& call = generation.tool_calls[i];
    const std::string index = std::to_string(i);
    deltas.push_back({"\"tool_calls\":[{\"id\":" + quoted(call.id) +
                      ",\"type\":\"function\",\"index\":" + index +
                      ",\"function\":{\"name\":" + quoted(call.name) + "}}]"});
    for (const auto& fragment : argument_fragments(call.arguments)) {
      deltas.push_back({"\"tool_calls\":[{\"index\":" + index +
                        ",\"function\":{\"arguments\":" + quoted(fragment) + "}}]"});
    }
  }
  // The finish reason rides on the last delta, as vLLM sends it; with nothing generated it
  // comes on an empty content delta.
  if (deltas.empty() || (deltas.size() == 1 && !dialect.tgi_fields)) {
    deltas.push_back({"\"content\":\"\""});
  }

  std::vector<std::string> records;
  records.reserve(deltas.size() + 2);
  for (std::size_t i = 0; i < deltas.size(); ++i) {
    const bool last = i + 1 == deltas.size();
    JsonWriter out;
    out.begin_object();
    write_identity(out, dialect, identity, "chat.completion.chunk");
    out.key("choices").begin_array().begin_object();
    out.field_int("index", 0);
    out.key("delta").raw("{" + (dialect.tgi_fields ? role + "," : std::string()) +
                         deltas[i].members + "}");
    out.field_null("logprobs");
    if (last) {
      out.field("finish_reason", dialect.finish.of(generation.cause));
      if (dialect.vllm_fields) write_stop_reason(out, generation);
    } else {
      out.field_null("finish_reason");
    }
    out.end_object().end_array();
    if (dialect.tgi_fields) out.field_null("usage");
    out.end_object();
    records.push_back(frame_record(out.str(), dialect.framing));
  }
  if (include_usage) {
    JsonWriter out;
    out.begin_object();
    write_identity(out, dialect, identity, "chat.completion.chunk");
    out.key("choices").begin_array().end_array();
    write_usage(out, generation, dialect);
    out.end_object();
    records.push_back(frame_record(out.str(), dialect.framing));
  }
  if (dialect.framing != StreamFraming::json_lines) {
    records.push_back(frame_record("[DONE]", dialect.framing));
  }
  return records;
}

}  // namespace smp::emulator
