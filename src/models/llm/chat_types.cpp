#include "models/llm/chat_types.hpp"

namespace smp::models {

std::string_view to_string(ChatRole role) {
  switch (role) {
    case ChatRole::system:
      return "system";
    case ChatRole::user:
      return "user";
    case ChatRole::assistant:
      return "assistant";
    case ChatRole::tool:
      return "tool";
  }
  return "user";
}

std::string ChatMessage::joined_text() const {
  std::string out;
  for (const auto& part : content) {
    if (part.kind != ContentPart::Kind::text) continue;
    if (!out.empty() && !part.text.empty()) out += '\n';
    out += part.text;
  }
  return out;
}

Result<void> check_chat_request(const ChatRequest& request) {
  if (request.messages.empty()) {
    return fail(ErrorKind::invalid_argument, "EmptyChat",
                "a chat request needs at least one message");
  }
  for (const auto& tool : request.tools) {
    if (tool.name.empty()) {
      return fail(ErrorKind::invalid_argument, "InvalidTool", "every tool needs a name");
    }
  }
  return {};
}

bool ChatMessage::has_images() const {
  for (const auto& part : content) {
    if (part.kind == ContentPart::Kind::image_url) return true;
  }
  return false;
}

}  // namespace smp::models
