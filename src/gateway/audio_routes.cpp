// POST /v1/audio/speech (JSON → audio bytes, streamed piece by piece as the provider makes them)
// and POST /v1/audio/transcriptions (multipart upload → json, text, verbose_json, srt or vtt).
#include <spdlog/spdlog.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/system/system_error.hpp>
#include <cmath>
#include <stdexcept>

#include "base/uuid.hpp"
#include "gateway/gateway_core.hpp"
#include "gateway/openai_error.hpp"
#include "gateway/openai_requests.hpp"
#include "provider/speech_synthesis.hpp"
#include "provider/transcription.hpp"

namespace smp::gateway {
namespace {

// A preset role of the model, or "" (the language's default voice): OpenAI clients always send
// one of OpenAI's own voice names ("alloy"), which no SageMaker container knows.
std::string pick_voice(const provider::ModelConfig& config, const std::string& voice) {
  for (const auto& preset : provider::tts_voices(config, ""))
    if (preset.role == voice) return voice;
  return {};
}

std::string timestamp(double seconds, char separator) {
  if (!(seconds >= 0)) seconds = 0;
  const auto ms = static_cast<long long>(std::llround(seconds * 1000));
  return fmt::format("{:02}:{:02}:{:02}{}{:03}", ms / 3'600'000, ms / 60'000 % 60, ms / 1000 % 60,
                     separator, ms % 1000);
}

// The transcript's segments, or one segment for the whole text when the container gave none.
std::vector<models::TranscriptSegment> segments_of(const models::Transcript& transcript) {
  if (!transcript.segments.empty()) return transcript.segments;
  return {models::TranscriptSegment{0, 0, transcript.text}};
}

struct Rendered {
  std::string body;
  std::string content_type;
};

Rendered render_transcript(const models::Transcript& transcript, const std::string& format,
                           const std::string& language) {
  if (format == "text") return {transcript.text, "text/plain; charset=utf-8"};
  if (format == "srt" || format == "vtt") {
    std::string out = format == "vtt" ? "WEBVTT\n\n" : "";
    const auto segments = segments_of(transcript);
    for (std::size_t i = 0; i < segments.size(); ++i) {
      const char sep = format == "vtt" ? '.' : ',';
      if (format == "srt") out += std::to_string(i + 1) + "\n";
      out += timestamp(segments[i].start, sep) + " --> " + timestamp(segments[i].end, sep) + "\n" +
             segments[i].text + "\n\n";
    }
    return {out, format == "vtt" ? "text/vtt; charset=utf-8" : "application/x-subrip"};
  }
  boost::json::object o;
  o["text"] = transcript.text;
  if (format == "verbose_json") {
    o["task"] = "transcribe";
    o["language"] = language;
    boost::json::array list;
    double duration = 0;
    for (std::size_t i = 0; i < transcript.segments.size(); ++i) {
      const auto& s = transcript.segments[i];
      boost::json::object item;
      item["id"] = i;
      item["start"] = s.start;
      item["end"] = s.end;
      item["text"] = s.text;
      list.push_back(std::move(item));
      duration = std::max(duration, s.end);
    }
    o["duration"] = duration;
    o["segments"] = std::move(list);
  }
  return {boost::json::serialize(o), "application/json"};
}

http::Task<void> speech(Exchange& exchange) {
  auto& core = exchange.core();
  auto parsed = parse_speech_request(exchange.request().body);
  if (!parsed) {
    co_await exchange.send_error(parsed.error());
    co_return;
  }
  auto model = exchange.resolve(parsed->model, provider::ModelType::tts);
  if (!model) {
    co_await exchange.send_error(model.error());
    co_return;
  }
  if (parsed->response_format != "mp3") {
    // The containers make MP3; transcoding is not the gateway's job.
    const auto error = request_error(
        "response_format '" + parsed->response_format + "' is not available: this model makes mp3.",
        "response_format", "unsupported_value");
    co_await exchange.send_error(error);
    co_return;
  }
  auto connection = core.provider->connections().get((*model)->config);
  if (!connection) {
    co_await exchange.send_error(connection.error());
    co_return;
  }
  provider::SpeakCall call;
  call.text = parsed->input;
  call.voice = pick_voice((*model)->config, parsed->voice);
  auto& writer = exchange.writer();
  bool started = false;
  provider::AudioSink sink = [&](std::string_view audio,
                                 std::string_view mime) -> http::Task<Result<void>> {
    if (!started) {
      started = true;
      Headers headers;
      headers.add("Content-Type", std::string(mime.empty() ? "audio/mpeg" : mime));
      headers.add("x-request-id", exchange.id());
      auto begun = co_await writer.begin_stream(200, std::move(headers));
      if (!begun) co_return fail(begun.error());
    }
    co_return co_await writer.write(audio);
  };
  exchange.upstream_begin();
  auto result =
      co_await provider::synthesize_speech(*connection, (*model)->config, std::move(call), sink);
  exchange.upstream_end();
  if (!result) {
    if (!started) {
      co_await exchange.send_error(result.error());
      co_return;
    }
    exchange.set_error_kind(to_string(result.error().kind));
    exchange.set_status(api_error(result.error()).status);
    spdlog::warn("{} speech failed after its start: {}", exchange.id(), result.error().describe());
    // Cut the connection: a cleanly ended body would pass truncated audio off as complete.
    throw std::runtime_error("speech stream failed midway");
  }
  exchange.set_status(200);
  co_await writer.end_stream();
}

http::Task<void> transcription(Exchange& exchange) {
  auto& core = exchange.core();
  auto& request = exchange.request();
  auto parsed =
      parse_transcription_request(request.headers.get("content-type").value_or(""), request.body);
  if (!parsed) {
    co_await exchange.send_error(parsed.error());
    co_return;
  }
  auto model = exchange.resolve(parsed->model, provider::ModelType::speech2text);
  if (!model) {
    co_await exchange.send_error(model.error());
    co_return;
  }
  auto connection = core.provider->connections().get((*model)->config);
  if (!connection) {
    co_await exchange.send_error(connection.error());
    co_return;
  }
  exchange.upstream_begin();
  auto transcript = co_await provider::transcribe_audio(**connection, (*model)->config,
                                                        std::move(parsed->file), random_uuid());
  exchange.upstream_end();
  if (!transcript) {
    co_await exchange.send_error(transcript.error());
    co_return;
  }
  auto rendered = render_transcript(*transcript, parsed->response_format, parsed->language);
  co_await exchange.send_text(200, std::move(rendered.body), std::move(rendered.content_type));
}

}  // namespace

http::Task<void> audio_route(Core& core, http::ServerRequest& request, http::ResponseWriter& writer,
                             bool is_speech) {
  Exchange exchange(core, request, writer,
                    is_speech ? "/v1/audio/speech" : "/v1/audio/transcriptions");
  try {
    if (auto ok = exchange.authenticate(); !ok) {
      co_await exchange.send_error(ok.error());
      co_return;
    }
    if (is_speech)
      co_await speech(exchange);
    else
      co_await transcription(exchange);
  } catch (const boost::system::system_error& e) {
    spdlog::info("{} cancelled: {}", exchange.id(), e.code().message());
  }
}

}  // namespace smp::gateway
