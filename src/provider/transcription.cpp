#include "provider/transcription.hpp"

#include "models/audio/audio_sniff.hpp"
#include "provider/provider.hpp"

namespace smp::provider {

Result<models::TranscriptionFormat> transcription_format(const ModelConfig& config) {
  const std::string& name = config.audio.payload_format;
  if (name.empty() || name == "auto")
    return config.audio.s3_cache_bucket.empty() ? models::TranscriptionFormat::whisper
                                                : models::TranscriptionFormat::funasr;
  auto format = models::parse_transcription_format(name);
  if (!format)
    return fail(ErrorKind::invalid_argument, "InvalidModelSetting",
                "payload_format: " + format.error().message);
  if (*format == models::TranscriptionFormat::funasr && config.audio.s3_cache_bucket.empty())
    return fail(ErrorKind::invalid_argument, "InvalidModelSetting",
                "audio_s3_cache_bucket: required by payload_format funasr (the container reads "
                "the audio from that bucket)");
  return format;
}

http::Task<Result<models::Transcript>> transcribe_audio(sagemaker::Connection& connection,
                                                        const ModelConfig& config,
                                                        std::string audio, std::string upload_id) {
  auto format = transcription_format(config);
  if (!format) co_return fail(format.error());
  sagemaker::InvokeRequest request = base_invoke_request(config);
  if (*format == models::TranscriptionFormat::whisper) {
    auto content_type = models::direct_audio_content_type(audio);
    if (!content_type) co_return fail(content_type.error());
    request.content_type = std::move(*content_type);
    request.body = std::move(audio);
  } else {
    if (audio.empty())
      co_return fail(ErrorKind::invalid_argument, "EmptyAudio", "the audio file is empty");
    const auto type = models::sniff_audio_type(audio);
    if (!type)
      co_return fail(ErrorKind::invalid_argument, "NotAudio",
                     "the file is not audio (its first bytes match no known audio format)");
    const std::string key = models::speech_upload_key(upload_id, models::audio_extension(*type));
    auto put = co_await connection.s3().put_object(config.audio.s3_cache_bucket, key,
                                                   std::move(audio), *type);
    if (!put) {
      Error error = put.error();
      error.message = "uploading the audio to s3://" + config.audio.s3_cache_bucket + "/" + key +
                      " failed: " + error.message;
      co_return fail(std::move(error));
    }
    request.body = models::build_funasr_request(config.audio.s3_cache_bucket, key);
  }
  auto reply = co_await connection.runtime().invoke(std::move(request));
  if (!reply) co_return fail(reply.error());
  auto transcript = models::parse_transcription_response(*format, reply->body);
  if (!transcript) {
    Error error = transcript.error();
    error.message = "endpoint " + config.endpoint + ": " + error.message;
    co_return fail(std::move(error));
  }
  co_return transcript;
}

}  // namespace smp::provider
