#include "models/audio/transcription_codec.hpp"

#include <boost/json.hpp>

#include "models/audio/audio_sniff.hpp"
#include "models/json_reply.hpp"

namespace smp::models {
namespace {

namespace json = boost::json;

std::string what(TranscriptionFormat format) {
  return std::string(to_string(format)) + " transcription reply";
}

}  // namespace

std::string_view to_string(TranscriptionFormat format) {
  return format == TranscriptionFormat::funasr ? "funasr" : "whisper";
}

Result<TranscriptionFormat> parse_transcription_format(std::string_view name) {
  if (name.empty() || name == "auto" || name == "whisper") return TranscriptionFormat::whisper;
  if (name == "funasr") return TranscriptionFormat::funasr;
  return fail(
      ErrorKind::invalid_argument, "UnknownFormat",
      "unknown speech-to-text format '" + std::string(name) + "': expected whisper or funasr");
}

Result<std::string> direct_audio_content_type(std::string_view audio) {
  if (audio.empty())
    return fail(ErrorKind::invalid_argument, "EmptyAudio", "the audio file is empty");
  const auto type = sniff_audio_type(audio);
  if (!type)
    return fail(ErrorKind::invalid_argument, "NotAudio",
                "the file is not audio this endpoint can read (expected WAV, MP3, FLAC, OGG, M4A, "
                "WebM or AMR; the first bytes match none of them)");
  if (audio.size() > kMaxInvokeBytes)
    return fail(ErrorKind::invalid_argument, "AudioTooLarge",
                "the audio is " + std::to_string(audio.size()) +
                    " bytes; a direct SageMaker invocation carries at most 6 MiB (6291456 bytes). "
                    "Use a container that reads from S3 (payload_format funasr) with "
                    "audio_s3_cache_bucket set, or send shorter audio");
  return std::string(*type);
}

std::string speech_upload_key(std::string_view id, std::string_view extension) {
  std::string key = "dify/speech2text/";
  key += id;
  key += '.';
  key += extension;
  return key;
}

std::string build_funasr_request(std::string_view bucket, std::string_view key) {
  return json::serialize(json::object{{"bucket_name", bucket}, {"s3_key", key}});
}

Result<Transcript> parse_transcription_response(TranscriptionFormat format, std::string_view body) {
  const std::string name = what(format);
  auto value = parse_json(body, name);
  if (!value) return fail(value.error());
  if (const auto message = container_error_message(*value))
    return fail(container_error(name, *message, body));
  const json::value* text = find(*value, "text");
  if (text == nullptr || !text->is_string())
    return fail(unexpected_shape(name, "an object with a string text", *value, body));
  Transcript transcript;
  transcript.text = std::string(text->as_string());
  if (const json::value* chunks = find(*value, "chunks"); chunks != nullptr && chunks->is_array()) {
    for (const json::value& chunk : chunks->as_array()) {
      TranscriptSegment segment;
      segment.text = std::string(string_at(chunk, "text"));
      if (const json::value* stamp = find(chunk, "timestamp");
          stamp != nullptr && stamp->is_array() && stamp->as_array().size() == 2) {
        // Whisper leaves the end of the last chunk null when the audio stops mid-word.
        segment.start = number_of(stamp->as_array()[0]).value_or(0);
        segment.end = number_of(stamp->as_array()[1]).value_or(segment.start);
      }
      transcript.segments.push_back(std::move(segment));
    }
  }
  return transcript;
}

}  // namespace smp::models
