#include "models/audio/cosyvoice_codec.hpp"

#include <boost/json.hpp>

#include "models/audio/language_tag.hpp"
#include "models/json_reply.hpp"

namespace smp::models {
namespace {

namespace json = boost::json;

constexpr std::string_view kWhat = "cosyvoice reply";

Result<void> require(std::string_view value, std::string_view field, VoiceMode mode) {
  if (!value.empty()) return {};
  return fail(ErrorKind::invalid_argument, "MissingTtsField",
              std::string(to_string(mode)) + " needs " + std::string(field));
}

}  // namespace

Result<std::string> build_cosyvoice_request(const SpeechSegmentRequest& request) {
  if (request.text.empty())
    return fail(ErrorKind::invalid_argument, "EmptyText", "nothing to speak: the text is empty");
  json::object body;
  switch (request.mode) {
    case VoiceMode::preset:
      if (auto ok = require(request.voice, "a voice", request.mode); !ok) return fail(ok.error());
      body["tts_text"] = request.text;
      body["role"] = request.voice;
      break;
    case VoiceMode::clone:
      if (auto ok = require(request.prompt_audio, "prompt_audio", request.mode); !ok)
        return fail(ok.error());
      if (auto ok = require(request.prompt_text, "prompt_text", request.mode); !ok)
        return fail(ok.error());
      body["tts_text"] = request.text;
      body["prompt_text"] = request.prompt_text;
      body["prompt_audio"] = request.prompt_audio;
      break;
    case VoiceMode::clone_cross_lingual:
      if (auto ok = require(request.prompt_audio, "prompt_audio", request.mode); !ok)
        return fail(ok.error());
      if (auto ok = require(request.language_tag, "a language tag", request.mode); !ok)
        return fail(ok.error());
      body["tts_text"] = tag_text(request.language_tag, request.text);
      body["prompt_audio"] = request.prompt_audio;
      break;
    case VoiceMode::instruct:
      if (auto ok = require(request.voice, "a voice", request.mode); !ok) return fail(ok.error());
      if (auto ok = require(request.instruct_text, "instruct_text", request.mode); !ok)
        return fail(ok.error());
      body["tts_text"] = request.text;
      body["role"] = request.voice;
      body["instruct_text"] = request.instruct_text;
      break;
  }
  return json::serialize(body);
}

Result<SpeechSegmentReply> parse_cosyvoice_response(std::string_view body,
                                                    std::string_view content_type) {
  SpeechSegmentReply reply;
  const std::string_view media = content_type.substr(0, content_type.find(';'));
  if (media.starts_with("audio/")) {
    if (body.empty()) return fail(unexpected_reply(kWhat, "an empty audio body", body));
    reply.audio = std::string(body);
    reply.mime_type = std::string(media);
    return reply;
  }
  auto value = parse_json(body, kWhat);
  if (!value) return fail(value.error());
  if (const auto message = container_error_message(*value))
    return fail(container_error(kWhat, *message, body));
  const json::value* url = find(*value, "s3_presign_url");
  if (url != nullptr && url->is_object()) {
    // A bad model_dir nests the error where the URL should be.
    if (const auto message = container_error_message(*url))
      return fail(container_error(kWhat, *message, body));
  }
  if (url == nullptr || !url->is_string() || url->as_string().empty())
    return fail(unexpected_shape(kWhat, "an object with a string s3_presign_url", *value, body));
  const std::string_view link = url->as_string();
  if (!link.starts_with("https://") && !link.starts_with("http://"))
    return fail(unexpected_reply(kWhat, "s3_presign_url is not an http(s) URL", body));
  reply.audio_url = std::string(link);
  reply.mime_type = "audio/mpeg";
  return reply;
}

}  // namespace smp::models
