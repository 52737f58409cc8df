#include "models/llm/chat_template.hpp"

#include "models/json_reply.hpp"

namespace smp::models {
namespace {

std::string message_text(const ChatMessage& message) {
  std::string out;
  for (const auto& part : message.content) {
    if (!out.empty()) out += '\n';
    out += part.kind == ContentPart::Kind::text ? part.text : "![](" + part.image_url + ")";
  }
  return out;
}

Error template_error(std::string message) {
  return Error::make(ErrorKind::invalid_argument, "InvalidChatTemplate",
                     "chat template: " + std::move(message));
}

}  // namespace

ChatTemplate ChatTemplate::chatml() {
  ChatTemplate t;
  t.system = {"<|im_start|>system\n", "<|im_end|>\n"};
  t.user = {"<|im_start|>user\n", "<|im_end|>\n"};
  t.assistant = {"<|im_start|>assistant\n", "<|im_end|>\n"};
  t.generation_prompt = "<|im_start|>assistant\n";
  t.stop = {"<|im_end|>"};
  return t;
}

ChatTemplate ChatTemplate::llama3() {
  ChatTemplate t;
  t.system = {"<|start_header_id|>system<|end_header_id|>\n\n", "<|eot_id|>"};
  t.user = {"<|start_header_id|>user<|end_header_id|>\n\n", "<|eot_id|>"};
  t.assistant = {"<|start_header_id|>assistant<|end_header_id|>\n\n", "<|eot_id|>"};
  t.generation_prompt = "<|start_header_id|>assistant<|end_header_id|>\n\n";
  t.stop = {"<|eot_id|>"};
  return t;
}

ChatTemplate ChatTemplate::mistral() {
  ChatTemplate t;
  t.user = {"[INST] ", " [/INST]"};
  t.assistant = {"", "</s>"};
  t.system_in_first_user = true;
  return t;
}

Result<ChatTemplate> ChatTemplate::named(std::string_view name) {
  if (name == "chatml") return chatml();
  if (name == "llama3") return llama3();
  if (name == "mistral") return mistral();
  return std::unexpected(template_error("unknown template \"" + std::string(name) +
                                        "\" (expected chatml, llama3, mistral or a JSON object)"));
}

Result<ChatTemplate> ChatTemplate::from_json(std::string_view text) {
  auto parsed = parse_json(text, "chat template");
  if (!parsed) return std::unexpected(template_error(parsed.error().message));
  const auto* object = parsed->if_object();
  if (object == nullptr) {
    return std::unexpected(
        template_error("expected a JSON object, got " + describe_shape(*parsed)));
  }
  ChatTemplate t;
  for (const auto& [key, value] : *object) {
    std::string* target = nullptr;
    if (key == "begin")
      target = &t.begin;
    else if (key == "system_prefix")
      target = &t.system.prefix;
    else if (key == "system_suffix")
      target = &t.system.suffix;
    else if (key == "user_prefix")
      target = &t.user.prefix;
    else if (key == "user_suffix")
      target = &t.user.suffix;
    else if (key == "assistant_prefix")
      target = &t.assistant.prefix;
    else if (key == "assistant_suffix")
      target = &t.assistant.suffix;
    else if (key == "generation_prompt")
      target = &t.generation_prompt;

    if (target != nullptr) {
      if (!value.is_string()) {
        return std::unexpected(template_error(std::string(key) + " must be a string"));
      }
      *target = value.get_string();
    } else if (key == "system_in_first_user") {
      if (!value.is_bool()) {
        return std::unexpected(template_error("system_in_first_user must be a boolean"));
      }
      t.system_in_first_user = value.get_bool();
    } else if (key == "stop") {
      const auto* stops = value.if_array();
      if (stops == nullptr) return std::unexpected(template_error("stop must be an array"));
      for (const auto& stop : *stops) {
        if (!stop.is_string()) {
          return std::unexpected(template_error("stop must hold strings"));
        }
        t.stop.emplace_back(stop.get_string());
      }
    } else {
      return std::unexpected(template_error("unknown key \"" + std::string(key) + "\""));
    }
  }
  return t;
}

std::string render_prompt(const ChatTemplate& chat_template,
                          const std::vector<ChatMessage>& messages) {
  std::string prompt = chat_template.begin;
  std::string held_system;  // for templates without a system role
  for (const auto& message : messages) {
    std::string text = message_text(message);
    const ChatTemplate::Markers* markers = &chat_template.user;
    switch (message.role) {
      case ChatRole::system:
        if (chat_template.system_in_first_user) {
          held_system += held_system.empty() ? text : "\n\n" + text;
          continue;
        }
        markers = &chat_template.system;
        break;
      case ChatRole::assistant:
        markers = &chat_template.assistant;
        break;
      case ChatRole::user:
      case ChatRole::tool:
        break;
    }
    if (markers == &chat_template.user && !held_system.empty()) {
      text = held_system + "\n\n" + text;
      held_system.clear();
    }
    prompt += markers->prefix;
    prompt += text;
    prompt += markers->suffix;
  }
  if (!held_system.empty()) {
    // Only a system message: it still has to reach the model.
    prompt += chat_template.user.prefix + held_system + chat_template.user.suffix;
  }
  prompt += chat_template.generation_prompt;
  return prompt;
}

}  // namespace smp::models
