#include "provider/speech_synthesis.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>
#include <optional>

#include "models/audio/audio_sniff.hpp"
#include "models/audio/cosyvoice_codec.hpp"
#include "models/audio/language_tag.hpp"
#include "models/audio/speech_segmenter.hpp"
#include "provider/provider.hpp"

namespace smp::provider {
namespace {

namespace asio = boost::asio;

struct PieceAudio {
  std::string audio;
  std::string mime_type;
};

http::Task<Result<PieceAudio>> synthesize_piece(sagemaker::Connection& connection,
                                                const ModelConfig& config,
                                                models::SpeechSegmentRequest segment,
                                                std::size_t max_audio_bytes) {
  auto body = models::build_cosyvoice_request(segment);
  if (!body) co_return fail(body.error());
  sagemaker::InvokeRequest request = base_invoke_request(config);
  request.body = std::move(*body);
  request.accept.clear();  // CosyVoice answers JSON, other TTS containers audio: take either
  auto reply = co_await connection.runtime().invoke(std::move(request));
  if (!reply) co_return fail(reply.error());
  auto parsed = models::parse_cosyvoice_response(reply->body, reply->metadata.content_type);
  if (!parsed) {
    Error error = parsed.error();
    error.message = "endpoint " + config.endpoint + ": " + error.message;
    co_return fail(std::move(error));
  }
  if (parsed->audio_url.empty()) co_return PieceAudio{std::move(parsed->audio), parsed->mime_type};
  auto fetched = co_await connection.s3().fetch_presigned(parsed->audio_url, max_audio_bytes);
  if (!fetched) co_return fail(fetched.error());
  if (fetched->body.empty())
    co_return fail(ErrorKind::model, "EmptyAudio",
                   "endpoint " + config.endpoint + ": the synthesised audio is empty");
  // The bytes say what they are; S3's Content-Type is whatever the container's upload claimed
  // ("audio/mp3", "binary/octet-stream").
  const auto sniffed = models::sniff_audio_type(fetched->body);
  std::string mime_type = sniffed ? std::string(*sniffed) : parsed->mime_type;
  co_return PieceAudio{std::move(fetched->body), std::move(mime_type)};
}

http::Task<std::string> language_tag(sagemaker::Connection& connection, const std::string& text,
                                     bool use_comprehend) {
  if (use_comprehend) {
    auto detected = co_await connection.comprehend().detect_dominant_language(text);
    if (detected)
      if (const auto tag = models::language_tag_from_comprehend(detected->code))
        co_return std::string(*tag);
    // Comprehend not allowed, not reachable, or a language without a tag: the script decides.
  }
  co_return std::string(models::language_tag_from_script(text));
}

// What the pieces in flight share with the loop that emits them; held by every piece's
// coroutine so it outlives an early return (the listener went away while pieces were running).
struct Pipeline {
  explicit Pipeline(asio::any_io_executor executor, std::size_t count)
      : done(std::move(executor), count), results(count) {}
  // Each finished piece sends its index; the vector slot was written before the send, and the
  // channel orders the two (it is safe across threads).
  asio::experimental::concurrent_channel<void(boost::system::error_code, std::size_t)> done;
  std::vector<std::optional<Result<PieceAudio>>> results;
};

}  // namespace

std::vector<models::PresetVoice> tts_voices(const ModelConfig& config, std::string_view language) {
  const auto mode = models::parse_voice_mode(
      config.audio.model_type.empty() ? "PresetVoice" : config.audio.model_type);
  if (mode &&
      (*mode == models::VoiceMode::clone || *mode == models::VoiceMode::clone_cross_lingual))
    return {models::PresetVoice{"cloned", "The reference recording's voice", ""}};
  return models::voices_for_language(language);
}

http::Task<Result<SpeechResult>> synthesize_speech(
    std::shared_ptr<sagemaker::Connection> connection, const ModelConfig& config, SpeakCall call,
    AudioSink sink, SpeechOptions options) {
  auto mode = models::parse_voice_mode(config.audio.model_type.empty() ? "PresetVoice"
                                                                       : config.audio.model_type);
  if (!mode) co_return fail(mode.error());
  const auto pieces = models::split_for_speech(call.text, options.word_limit);
  if (pieces.empty())
    co_return fail(ErrorKind::invalid_argument, "EmptyText", "nothing to speak: the text is empty");

  models::SpeechSegmentRequest segment;
  segment.mode = *mode;
  segment.voice = call.voice.empty() || call.voice == "cloned"
                      ? std::string(models::default_voice(call.language))
                      : call.voice;
  segment.prompt_audio = config.audio.prompt_audio;
  segment.prompt_text = config.audio.prompt_text;
  segment.instruct_text = config.audio.instruct_text;
  if (*mode == models::VoiceMode::clone_cross_lingual)
    segment.language_tag = co_await language_tag(*connection, call.text, options.use_comprehend);

  auto executor = co_await asio::this_coro::executor;
  auto pipeline = std::make_shared<Pipeline>(executor, pieces.size());
  const std::size_t concurrency = std::max<std::size_t>(options.concurrency, 1);
  std::size_t launched = 0;
  const auto launch = [&] {
    segment.text = pieces[launched];
    asio::co_spawn(
        executor,
        [](std::shared_ptr<Pipeline> pipe, std::shared_ptr<sagemaker::Connection> c,
           ModelConfig cfg, models::SpeechSegmentRequest piece, std::size_t index,
           std::size_t max_bytes) -> http::Task<void> {
          pipe->results[index] = co_await synthesize_piece(*c, cfg, std::move(piece), max_bytes);
          pipe->done.try_send(boost::system::error_code{}, index);
        }(pipeline, connection, config, segment, launched, options.max_audio_bytes),
        asio::detached);
    ++launched;
  };

  SpeechResult result;
  result.pieces = pieces.size();
  std::size_t next = 0;
  while (launched < pieces.size() && launched < concurrency)
    launch();
  while (next < pieces.size()) {
    if (!pipeline->results[next]) {
      co_await pipeline->done.async_receive(asio::use_awaitable);
      continue;
    }
    Result<PieceAudio>& piece = *pipeline->results[next];
    if (!piece) co_return fail(std::move(piece.error()));
    if (result.mime_type.empty()) result.mime_type = piece->mime_type;
    result.audio_bytes += piece->audio.size();
    if (auto sent = co_await sink(piece->audio, piece->mime_type); !sent)
      co_return fail(std::move(sent.error()));
    piece->audio = std::string();  // emitted: release it while later pieces arrive
    ++next;
    if (launched < pieces.size()) launch();
  }
  co_return result;
}

}  // namespace smp::provider
