#include "models/llm/chat_format.hpp"

#include "models/json_reply.hpp"

namespace smp::models {
namespace {

namespace json = boost::json;

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// LMI writes `log_prob` and `special_token`, TGI `logprob` and `special`.
ChatFormat dialect_of_token(const json::value& token) {
  if (find(token, "log_prob") != nullptr || find(token, "special_token") != nullptr) {
    return ChatFormat::lmi;
  }
  return ChatFormat::tgi;
}

}  // namespace

std::string_view to_string(ChatFormat format) {
  switch (format) {
    case ChatFormat::openai:
      return "openai";
    case ChatFormat::lmi:
      return "lmi";
    case ChatFormat::tgi:
      return "tgi";
    case ChatFormat::automatic:
      return "auto";
  }
  return "auto";
}

Result<ChatFormat> parse_chat_format(std::string_view name) {
  if (name == "openai") return ChatFormat::openai;
  if (name == "lmi") return ChatFormat::lmi;
  if (name == "tgi") return ChatFormat::tgi;
  if (name == "auto" || name == "automatic" || name.empty()) return ChatFormat::automatic;
  return fail(ErrorKind::invalid_argument, "UnknownPayloadFormat",
              "unknown chat payload format \"" + std::string(name) +
                  "\" (expected openai, lmi, tgi or auto)");
}

std::optional<ChatFormat> detect_chat_format(const json::value& reply) {
  if (const auto* array = reply.if_array()) {
    // TGI generate answers [{"generated_text": …}].
    if (!array->empty() && find(array->front(), "generated_text") != nullptr) {
      return ChatFormat::tgi;
    }
    return std::nullopt;
  }
  if (!reply.is_object() || container_error_message(reply)) return std::nullopt;
  if (find(reply, "choices") != nullptr) return ChatFormat::openai;
  if (const auto* token = find(reply, "token"); token != nullptr && token->is_object()) {
    return dialect_of_token(*token);
  }
  if (find(reply, "outputs") != nullptr) return ChatFormat::lmi;  // older LMI streams
  if (find(reply, "generated_text") != nullptr) return ChatFormat::lmi;
  return std::nullopt;
}

std::optional<ChatFormat> format_hint_from_rejection(std::string_view message) {
  if (contains(message, "field `inputs`") || contains(message, "\"inputs\"") ||
      contains(message, "field inputs") || contains(message, "'inputs'")) {
    return ChatFormat::lmi;
  }
  if (contains(message, "field `messages`") || contains(message, "\"messages\"") ||
      contains(message, "'messages'")) {
    return ChatFormat::openai;
  }
  return std::nullopt;
}

std::string_view normalize_finish_reason(std::string_view reason) {
  if (reason == "eos_token" || reason == "stop_sequence" || reason == "eos" ||
      reason == "end_turn") {
    return "stop";
  }
  if (reason == "max_tokens" || reason == "model_length") return "length";
  if (reason == "function_call") return "tool_calls";
  return reason;
}

}  // namespace smp::models
