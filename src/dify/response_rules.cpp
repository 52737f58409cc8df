#include "dify/response_rules.hpp"

#include <fmt/format.h>

#include <array>
#include <boost/json/parse.hpp>
#include <regex>

#include "dify/protocol.hpp"

namespace smp::dify {

namespace json = boost::json;

namespace {

Error violation(std::string message) {
  return Error::make(ErrorKind::protocol, "DaemonRuleViolation", std::move(message));
}

const json::value* get(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it == o.end() ? nullptr : &it->value();
}

// `required` on a string: present, a string, not empty.
Result<void> required_string(const json::object& o, std::string_view key, std::string_view where) {
  const auto* v = get(o, key);
  if (!v || !v->is_string() || v->get_string().empty())
    return fail(violation(fmt::format("{}.{} must be a non-empty string", where, key)));
  return {};
}
Result<void> required_int(const json::object& o, std::string_view key, std::string_view where) {
  const auto* v = get(o, key);
  if (!v || !(v->is_int64() || v->is_uint64()))
    return fail(violation(fmt::format("{}.{} must be an integer", where, key)));
  return {};
}
Result<void> required_number(const json::object& o, std::string_view key, std::string_view where) {
  const auto* v = get(o, key);
  if (!v || !v->is_number())
    return fail(violation(fmt::format("{}.{} must be a number", where, key)));
  return {};
}
// shopspring/decimal: a string holding a number, a number, or null (missing is null).
Result<void> decimal(const json::object& o, std::string_view key, std::string_view where) {
  const auto* v = get(o, key);
  if (!v || v->is_null() || v->is_number()) return {};
  static const std::regex number(R"(^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$)");
  if (v->is_string() && std::regex_match(std::string(v->get_string()), number)) return {};
  return fail(violation(fmt::format("{}.{} must be a decimal (string or number)", where, key)));
}
Result<const json::object*> object_at(const json::object& o, std::string_view key,
                                      std::string_view where, bool nullable) {
  const auto* v = get(o, key);
  if ((!v || v->is_null()) && nullable) return static_cast<const json::object*>(nullptr);
  if (!v || !v->is_object())
    return fail(violation(fmt::format("{}.{} must be an object", where, key)));
  return &v->get_object();
}
Result<const json::array*> array_at(const json::object& o, std::string_view key,
                                    std::string_view where, bool nullable) {
  const auto* v = get(o, key);
  if ((!v || v->is_null()) && nullable) return static_cast<const json::array*>(nullptr);
  if (!v || !v->is_array())
    return fail(violation(fmt::format("{}.{} must be an array", where, key)));
  return &v->get_array();
}

#define SMP_TRY(expr)                                              \
  do {                                                             \
    if (auto r_ = (expr); !r_) return fail(std::move(r_.error())); \
  } while (0)

bool valid_role(std::string_view role) {
  return role == "system" || role == "user" || role == "assistant" || role == "tool";
}

Result<void> check_usage_llm(const json::object& u) {
  constexpr std::string_view w = "usage";
  SMP_TRY(required_int(u, "prompt_tokens", w));
  SMP_TRY(required_int(u, "completion_tokens", w));
  SMP_TRY(required_int(u, "total_tokens", w));
  SMP_TRY(required_string(u, "currency", w));
  SMP_TRY(required_number(u, "latency", w));
  for (auto key :
       {"prompt_unit_price", "prompt_price_unit", "prompt_price", "completion_unit_price",
        "completion_price_unit", "completion_price", "total_price"})
    SMP_TRY(decimal(u, key, w));
  return {};
}

Result<void> check_llm_chunk(const json::object& d) {
  SMP_TRY(required_string(d, "model", "chunk"));
  auto delta = object_at(d, "delta", "chunk", false);
  if (!delta) return fail(delta.error());
  const auto& dl = **delta;
  SMP_TRY(required_int(dl, "index", "delta"));
  auto message = object_at(dl, "message", "delta", false);
  if (!message) return fail(message.error());
  const auto& m = **message;
  const auto* role = get(m, "role");
  if (!role || !role->is_string() || !valid_role(role->get_string()))
    return fail(violation("delta.message.role must be system, user, assistant or tool"));
  const auto* content = get(m, "content");
  if (!content || !(content->is_string() || content->is_array()))
    return fail(violation("delta.message.content must be a string or an array, never null"));
  auto calls = array_at(m, "tool_calls", "delta.message", true);
  if (!calls) return fail(calls.error());
  if (*calls) {
    for (const auto& call : **calls) {
      if (!call.is_object()) return fail(violation("tool_calls[] must be objects"));
      const auto& c = call.get_object();
      const auto* id = get(c, "id");
      if (id && !id->is_string()) return fail(violation("tool_calls[].id must be a string"));
      auto fn = object_at(c, "function", "tool_call", false);
      if (!fn) return fail(fn.error());
      const auto* name = get(**fn, "name");
      const auto* args = get(**fn, "arguments");
      if (!name || !name->is_string() || !args || !args->is_string())
        return fail(violation("tool_calls[].function needs string name and arguments"));
    }
  }
  auto usage = object_at(dl, "usage", "delta", true);
  if (!usage) return fail(usage.error());
  if (*usage) SMP_TRY(check_usage_llm(**usage));
  const auto* finish = get(dl, "finish_reason");
  if (finish && !finish->is_null() && !finish->is_string())
    return fail(violation("delta.finish_reason must be a string or null"));
  return {};
}

Result<void> check_embedding(const json::object& d) {
  SMP_TRY(required_string(d, "model", "result"));
  auto vectors = array_at(d, "embeddings", "result", false);
  if (!vectors) return fail(vectors.error());
  for (const auto& v : **vectors) {
    if (!v.is_array()) return fail(violation("embeddings[] must be arrays of numbers"));
    for (const auto& x : v.get_array())
      if (!x.is_number()) return fail(violation("embeddings[][] must be numbers"));
  }
  auto usage = object_at(d, "usage", "result", false);
  if (!usage) return fail(usage.error());
  const auto& u = **usage;
  SMP_TRY(required_int(u, "tokens", "usage"));
  SMP_TRY(required_int(u, "total_tokens", "usage"));
  SMP_TRY(required_string(u, "currency", "usage"));
  SMP_TRY(required_number(u, "latency", "usage"));
  for (auto key : {"unit_price", "price_unit", "total_price"})
    SMP_TRY(decimal(u, key, "usage"));
  return {};
}

Result<void> check_rerank(const json::object& d) {
  SMP_TRY(required_string(d, "model", "result"));
  auto docs = array_at(d, "docs", "result", false);
  if (!docs) return fail(docs.error());
  for (const auto& doc : **docs) {
    if (!doc.is_object()) return fail(violation("docs[] must be objects"));
    const auto& o = doc.get_object();
    const auto* index = get(o, "index");
    const auto* text = get(o, "text");
    const auto* score = get(o, "score");
    if (!index || !(index->is_int64() || index->is_uint64()))
      return fail(violation("docs[].index must be an integer"));
    if (!text || !text->is_string()) return fail(violation("docs[].text must be a string"));
    if (!score || !score->is_number()) return fail(violation("docs[].score must be a number"));
  }
  return {};
}

Result<void> check_num_tokens_list(const json::object& d) {
  auto list = array_at(d, "num_tokens", "result", false);
  if (!list) return fail(list.error());
  for (const auto& n : **list)
    if (!(n.is_int64() || n.is_uint64())) return fail(violation("num_tokens[] must be integers"));
  return {};
}

Result<void> check_voices(const json::object& d) {
  auto voices = array_at(d, "voices", "result", false);
  if (!voices) return fail(voices.error());
  for (const auto& v : **voices) {
    if (!v.is_object()) return fail(violation("voices[] must be objects"));
    SMP_TRY(required_string(v.get_object(), "name", "voice"));
    SMP_TRY(required_string(v.get_object(), "value", "voice"));
  }
  return {};
}

Result<void> check_i18n(const json::object& o, std::string_view key, std::string_view where,
                        bool required) {
  auto label = object_at(o, key, where, !required);
  if (!label) return fail(label.error());
  if (*label) SMP_TRY(required_string(**label, "en_US", fmt::format("{}.{}", where, key)));
  return {};
}

}  // namespace

Result<void> check_model_schema(const json::value& value) {
  if (!value.is_object()) return fail(violation("model_schema must be an object or null"));
  const auto& s = value.get_object();
  SMP_TRY(required_string(s, "model", "model_schema"));
  if (get(s, "model")->get_string().size() >= 256)
    return fail(violation("model_schema.model must be shorter than 256 characters"));
  SMP_TRY(check_i18n(s, "label", "model_schema", true));
  static constexpr std::array<std::string_view, 9> types = {
      "llm",      "text-embedding",       "rerank",           "speech2text", "tts", "moderation",
      "text2img", "multimodal-embedding", "multimodal-rerank"};
  const auto* type = get(s, "model_type");
  if (!type || !type->is_string() ||
      std::find(types.begin(), types.end(), std::string_view(type->get_string())) == types.end())
    return fail(violation("model_schema.model_type must be a model type"));
  auto features = array_at(s, "features", "model_schema", true);
  if (!features) return fail(features.error());
  if (*features) {
    if ((*features)->size() > 256) return fail(violation("model_schema.features: > 256 entries"));
    for (const auto& f : **features)
      if (!f.is_string() || f.get_string().size() >= 256)
        return fail(violation("model_schema.features[] must be short strings"));
  }
  if (const auto* from = get(s, "fetch_from"); from && !from->is_null()) {
    if (!from->is_string() ||
        !(from->get_string().empty() || from->get_string() == "predefined-model" ||
          from->get_string() == "customizable-model"))
      return fail(
          violation("model_schema.fetch_from must be predefined-model or customizable-model"));
  }
  auto props = object_at(s, "model_properties", "model_schema", true);
  if (!props) return fail(props.error());
  auto rules = array_at(s, "parameter_rules", "model_schema", true);
  if (!rules) return fail(rules.error());
  if (*rules) {
    if ((*rules)->size() > 128) return fail(violation("parameter_rules: > 128 entries"));
    static constexpr std::array<std::string_view, 8> templates = {
        "temperature",       "top_p",      "top_k",           "presence_penalty",
        "frequency_penalty", "max_tokens", "response_format", "json_schema"};
    static constexpr std::array<std::string_view, 5> rule_types = {"float", "int", "string",
                                                                   "boolean", "text"};
    for (const auto& r : **rules) {
      if (!r.is_object()) return fail(violation("parameter_rules[] must be objects"));
      const auto& rule = r.get_object();
      SMP_TRY(required_string(rule, "name", "parameter_rule"));
      const auto* tpl = get(rule, "use_template");
      const bool has_template = tpl && !tpl->is_null();
      if (has_template &&
          (!tpl->is_string() || std::find(templates.begin(), templates.end(),
                                          std::string_view(tpl->get_string())) == templates.end()))
        return fail(
            violation("parameter_rules[].use_template is not a known template (unmarshal fails)"));
      const auto* rtype = get(rule, "type");
      if (!has_template) {
        SMP_TRY(check_i18n(rule, "label", "parameter_rule", true));
        if (!rtype || rtype->is_null())
          return fail(violation("parameter_rules[] without use_template need label and type"));
      }
      if (rtype && !rtype->is_null() &&
          (!rtype->is_string() ||
           std::find(rule_types.begin(), rule_types.end(), std::string_view(rtype->get_string())) ==
               rule_types.end()))
        return fail(
            violation("parameter_rules[].type must be float, int, string, boolean or text"));
      if (const auto* def = get(rule, "default"); def && (def->is_array() || def->is_object()))
        return fail(violation("parameter_rules[].default must be a scalar"));
      auto options = array_at(rule, "options", "parameter_rule", true);
      if (!options) return fail(options.error());
      if (*options)
        for (const auto& o : **options)
          if (!o.is_string() || o.get_string().size() >= 256)
            return fail(violation("parameter_rules[].options[] must be short strings"));
    }
  }
  auto pricing = object_at(s, "pricing", "model_schema", true);
  if (!pricing) return fail(pricing.error());
  if (*pricing) {
    for (auto key : {"input", "output", "unit"})
      SMP_TRY(decimal(**pricing, key, "pricing"));
    SMP_TRY(required_string(**pricing, "currency", "pricing"));
  }
  return {};
}

bool single_result_action(std::string_view action) {
  return action != "invoke_llm" && action != "invoke_tts";
}

Result<void> check_stream_data(std::string_view action, const json::value& data) {
  if (!data.is_object())
    return fail(violation(fmt::format("{}: stream data must be an object", action)));
  const auto& d = data.get_object();
  if (action == "invoke_llm") return check_llm_chunk(d);
  if (action == "validate_provider_credentials" || action == "validate_model_credentials") {
    const auto* result = get(d, "result");
    if (!result || !result->is_bool()) return fail(violation("result must be a boolean"));
    auto creds = object_at(d, "credentials", "result", true);
    if (!creds) return fail(creds.error());
    return {};
  }
  if (action == "get_ai_model_schemas") {
    const auto* schema = get(d, "model_schema");
    if (!schema) return fail(violation("model_schema must be present (null or an object)"));
    if (schema->is_null()) return {};
    return check_model_schema(*schema);
  }
  if (action == "get_llm_num_tokens") return required_int(d, "num_tokens", "result");
  if (action == "invoke_text_embedding" || action == "invoke_multimodal_embedding")
    return check_embedding(d);
  if (action == "get_text_embedding_num_tokens") return check_num_tokens_list(d);
  if (action == "invoke_rerank" || action == "invoke_multimodal_rerank") return check_rerank(d);
  if (action == "invoke_tts") {
    SMP_TRY(required_string(d, "result", "result"));
    const auto& hex = get(d, "result")->get_string();
    if (hex.size() % 2 != 0 || std::any_of(hex.begin(), hex.end(), [](char c) {
          return !std::isxdigit(static_cast<unsigned char>(c));
        }))
      return fail(violation("tts result must be hex"));
    if (const auto* mime = get(d, "mime_type"); mime && !mime->is_null() && !mime->is_string())
      return fail(violation("mime_type must be a string"));
    return {};
  }
  if (action == "get_tts_model_voices") return check_voices(d);
  if (action == "invoke_speech2text") {
    const auto* result = get(d, "result");
    if (!result || !result->is_string()) return fail(violation("result must be a string"));
    return {};
  }
  if (action == "invoke_moderation") {
    const auto* result = get(d, "result");
    if (!result || !result->is_bool()) return fail(violation("result must be a boolean"));
    return {};
  }
  return {};
}

Result<void> check_error_data(const json::value& data) {
  if (!data.is_object()) return fail(violation("error data must be an object"));
  const auto& d = data.get_object();
  const auto* type = get(d, "error_type");
  const auto* message = get(d, "message");
  if (!type || !type->is_string() || type->get_string().empty())
    return fail(violation("error.error_type must be a non-empty string"));
  if (!message || !message->is_string()) return fail(violation("error.message must be a string"));
  const auto* args = get(d, "args");
  if (args && !args->is_null()) {
    if (!args->is_object()) return fail(violation("error.args must be an object or null"));
    if (args->get_object().size() > kMaxErrorArgs)
      return fail(violation("error.args has more than 10 keys (the daemon drops the error)"));
  }
  return {};
}

void ResponseChecker::expect(std::string session_id, std::string action) {
  sessions_[std::move(session_id)] = Session{std::move(action)};
}

bool ResponseChecker::ended(const std::string& session_id) const {
  auto it = sessions_.find(session_id);
  return it != sessions_.end() && it->second.ended;
}

Result<void> ResponseChecker::check_line(std::string_view line) {
  if (line.size() > kMaxLineBytes)
    return fail(
        violation(fmt::format("line of {} bytes exceeds the daemon's 5 MiB limit", line.size())));
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (line.find('\n') != std::string_view::npos)
    return fail(violation("a message spans several lines"));
  boost::system::error_code ec;
  auto value = json::parse(line, ec);
  if (ec || !value.is_object()) return fail(violation("line is not a JSON object"));
  const auto& o = value.get_object();
  const auto* event = get(o, "event");
  if (!event || !event->is_string()) return fail(violation("line has no event"));
  const std::string_view ev = event->get_string();
  const auto* data = get(o, "data");
  if (ev == "heartbeat") {
    if (!data || !data->is_object()) return fail(violation("heartbeat data must be {}"));
    ++heartbeats_;
    return {};
  }
  if (ev == "log") {
    if (!data || !data->is_object()) return fail(violation("log data must be an object"));
    SMP_TRY(required_string(data->get_object(), "level", "log"));
    const auto* message = get(data->get_object(), "message");
    if (!message || !message->is_string()) return fail(violation("log.message must be a string"));
    return required_number(data->get_object(), "timestamp", "log");
  }
  if (ev == "error") return {};
  if (ev != "session") return fail(violation(fmt::format("unknown event '{}'", ev)));
  const auto* sid = get(o, "session_id");
  if (!sid || !sid->is_string()) return fail(violation("session message without session_id"));
  auto it = sessions_.find(std::string_view(sid->get_string()));
  if (it == sessions_.end())
    return fail(violation(
        fmt::format("message for unknown session {}", std::string_view(sid->get_string()))));
  auto& session = it->second;
  if (session.ended) return fail(violation("message after the session's end"));
  if (!data || !data->is_object()) return fail(violation("session data must be an object"));
  const auto* type = get(data->get_object(), "type");
  const auto* inner = get(data->get_object(), "data");
  if (!type || !type->is_string()) return fail(violation("session message without type"));
  if (!inner || inner->is_null()) return fail(violation("session message without data"));
  const std::string_view t = type->get_string();
  if (t == "stream") {
    if (session.errored) return fail(violation("stream after error"));
    SMP_TRY(check_stream_data(session.action, *inner));
    ++session.streams;
    if (single_result_action(session.action) && session.streams > 1)
      return fail(violation(fmt::format("{} sends exactly one stream message", session.action)));
    return {};
  }
  if (t == "error") {
    if (session.errored) return fail(violation("second error in a session"));
    SMP_TRY(check_error_data(*inner));
    session.errored = true;
    return {};
  }
  if (t == "end") {
    if (!inner->is_object() || !inner->get_object().empty())
      return fail(violation("end data must be {}"));
    if (!session.errored && session.streams == 0)
      return fail(violation(fmt::format("{} ended without a result or an error", session.action)));
    session.ended = true;
    return {};
  }
  return fail(violation(fmt::format("unknown session message type '{}'", t)));
}

Result<void> ResponseChecker::finish() const {
  for (const auto& [id, session] : sessions_)
    if (!session.ended) return fail(violation(fmt::format("session {} never ended", id)));
  return {};
}

}  // namespace smp::dify
