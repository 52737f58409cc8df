#include "models/llm/chat_codec.hpp"

#include <boost/json/serialize.hpp>

#include "models/json_reply.hpp"
#include "models/llm/openai_chat.hpp"
#include "models/llm/text_generation.hpp"
#include "models/token_estimate.hpp"

namespace smp::models {
namespace {

constexpr std::int64_t kTokensPerMessage = 4;  // role markers and separators
constexpr std::int64_t kTokensPerImage = 85;   // a low-detail image tile, a floor not a truth

text_generation::RequestOptions generation_options(const ChatCodecOptions& options) {
  return {options.chat_template, options.default_max_new_tokens};
}

}  // namespace

Result<std::string> build_chat_request(ChatFormat format, const ChatRequest& request,
                                       const ChatCodecOptions& options) {
  switch (format) {
    case ChatFormat::openai:
    case ChatFormat::automatic:
      return openai_chat::build_request(request, {options.include_usage, options.tools_in_prompt});
    case ChatFormat::lmi:
      return text_generation::build_request(text_generation::Dialect::lmi, request,
                                            generation_options(options));
    case ChatFormat::tgi:
      return text_generation::build_request(text_generation::Dialect::tgi, request,
                                            generation_options(options));
  }
  return fail(ErrorKind::internal, "UnknownPayloadFormat", "unknown chat format");
}

bool tools_travel_in_prompt(ChatFormat format, const ChatRequest& request,
                            const ChatCodecOptions& options) {
  if (request.tools.empty() || request.tool_choice.mode == ToolChoice::Mode::none) return false;
  if (format == ChatFormat::lmi || format == ChatFormat::tgi) return true;
  return options.tools_in_prompt;
}

std::int64_t estimate_prompt_tokens(const ChatRequest& request) {
  std::int64_t tokens = 0;
  for (const auto& message : request.messages) {
    tokens += kTokensPerMessage;
    for (const auto& part : message.content) {
      tokens += part.kind == ContentPart::Kind::text ? estimate_tokens(part.text) : kTokensPerImage;
    }
    for (const auto& call : message.tool_calls) {
      tokens += estimate_tokens(call.name) + estimate_tokens(call.arguments);
    }
  }
  for (const auto& tool : request.tools) {
    tokens += estimate_tokens(tool.name) + estimate_tokens(tool.description) +
              estimate_tokens(boost::json::serialize(tool.parameters));
  }
  return tokens;
}

Result<DecodedChatReply> decode_chat_response(ChatFormat format, std::string_view body) {
  const std::string what = std::string(to_string(format)) + " chat";
  auto reply = parse_json(body, what);
  if (!reply) return std::unexpected(std::move(reply.error()));
  if (format == ChatFormat::automatic) {
    if (auto message = container_error_message(*reply)) {
      return std::unexpected(container_error(what, *message, body));
    }
    const auto detected = detect_chat_format(*reply);
    if (!detected) {
      return std::unexpected(unexpected_shape(
          what, "an OpenAI chat.completion or a TGI/LMI generated_text reply", *reply, body));
    }
    format = *detected;
  }
  DecodedChatReply decoded{{}, format};
  Result<void> ok;
  switch (format) {
    case ChatFormat::openai:
    case ChatFormat::automatic:
      ok = openai_chat::decode_completion(*reply, body, decoded.chunk);
      break;
    case ChatFormat::lmi:
      ok = text_generation::decode_response(text_generation::Dialect::lmi, *reply, body,
                                            decoded.chunk);
      break;
    case ChatFormat::tgi:
      ok = text_generation::decode_response(text_generation::Dialect::tgi, *reply, body,
                                            decoded.chunk);
      break;
  }
  if (!ok) return std::unexpected(std::move(ok.error()));
  return decoded;
}

Result<ChatReply> read_chat_response(ChatFormat format, std::string_view body,
                                     const ChatOutputOptions& options) {
  auto decoded = decode_chat_response(format, body);
  if (!decoded) return std::unexpected(std::move(decoded.error()));
  ChatStreamAssembler assembler(options);
  ChatChunk shaped;
  assembler.add(decoded->chunk, shaped);
  assembler.finish(shaped);
  return ChatReply{assembler.take_result(), decoded->format};
}

}  // namespace smp::models
