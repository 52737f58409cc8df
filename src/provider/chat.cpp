// Provider::chat: the request through the models layer's codec, to SageMaker as a response
// stream by default, shaped chunks to the sink as they arrive, one ChatResult at the end.
#include <random>

#include "models/llm/chat_codec.hpp"
#include "models/llm/chat_stream_reader.hpp"
#include "provider/call_errors.hpp"
#include "provider/provider.hpp"

namespace smp::provider {
namespace {

std::string random_request_id() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(16, '0');
  auto bits = engine();
  for (auto& c : id) {
    c = kHex[bits & 15];
    bits >>= 4;
  }
  return id;
}

bool contains_ci(std::string_view text, std::string_view word) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  if (word.size() > text.size()) return false;
  for (std::size_t i = 0; i + word.size() <= text.size(); ++i) {
    std::size_t j = 0;
    while (j < word.size() && lower(text[i + j]) == word[j])
      ++j;
    if (j == word.size()) return true;
  }
  return false;
}

// The container said it cannot stream (a 4xx about streaming, before any byte): ask it
// synchronously instead.
bool refused_streaming(const Error& error) {
  if (error.kind != ErrorKind::rejected && error.kind != ErrorKind::model) return false;
  if (error.http_status >= 500) return false;
  const std::string* original = error.detail("OriginalMessage");
  return contains_ci(error.message, "stream") || (original && contains_ci(*original, "stream"));
}

// The whole answer as chunks, for a sink fed from a synchronous reply: the content (with its
// think block when shaped so), the reasoning, the tool calls, then finish_reason and usage.
std::vector<models::ChatChunk> chunks_of(const models::ChatResult& result) {
  std::vector<models::ChatChunk> out;
  models::ChatChunk body;
  body.content = result.content;
  body.reasoning = result.reasoning;
  for (std::size_t i = 0; i < result.tool_calls.size(); ++i) {
    const auto& call = result.tool_calls[i];
    body.tool_calls.push_back({static_cast<int>(i), call.id, call.name, call.arguments});
  }
  if (!body.empty()) out.push_back(std::move(body));
  models::ChatChunk last;
  last.finish_reason = result.finish_reason;
  last.usage = result.usage;
  out.push_back(std::move(last));
  return out;
}

}  // namespace

http::Task<Result<models::ChatResult>> Provider::chat(const ModelConfig& config, ChatCall call,
                                                      ChunkSink sink) {
  if (config.type != ModelType::llm) {
    co_return fail(ErrorKind::invalid_argument, "WrongModelType",
                   "model " + config.model_name + " is a " + std::string(to_string(config.type)) +
                       " model, not an llm");
  }
  if (call.request.model.empty()) call.request.model = config.model_id;
  if (call.request_id.empty()) call.request_id = random_request_id();
  if (auto ok = models::check_chat_request(call.request); !ok)
    co_return std::unexpected(ok.error());
  auto connection = connections_.get(config);
  if (!connection) co_return std::unexpected(connection.error());

  const EndpointFacts facts = memory_.get(config);
  models::ChatFormat format = config.llm.format;
  if (format == models::ChatFormat::automatic && facts.chat_format) format = *facts.chat_format;
  bool stream = !facts.no_streaming;

  // At most three attempts, and only while nothing reached the sink: the configured (or
  // remembered) way; without streaming when the container refused a stream; with the format an
  // `auto` endpoint's rejection names.
  bool chunks_sent = false;
  bool hinted = false;
  for (int attempt = 0;; ++attempt) {
    auto result = co_await chat_once(**connection, config, call, format, stream, sink, chunks_sent);
    if (result || chunks_sent || attempt == 2) {
      if (result && !stream && !facts.no_streaming) memory_.remember_no_streaming(config);
      co_return result;
    }
    const Error& error = result.error();
    if (stream && refused_streaming(error)) {
      stream = false;
      continue;
    }
    if (!hinted && config.llm.format == models::ChatFormat::automatic) {
      const std::string* original = error.detail("OriginalMessage");
      auto hint = models::format_hint_from_rejection(original ? *original : error.message);
      if (hint && *hint != format) {
        format = *hint;
        hinted = true;
        continue;
      }
    }
    co_return result;
  }
}

http::Task<Result<models::ChatResult>> Provider::chat_once(
    sagemaker::Connection& connection, const ModelConfig& config, ChatCall& call,
    models::ChatFormat format, bool stream, const ChunkSink& sink, bool& chunks_sent) {
  call.request.stream = stream;
  auto body = models::build_chat_request(format, call.request, config.llm.codec);
  if (!body) co_return std::unexpected(body.error());

  models::ChatOutputOptions out;
  out.reasoning = call.reasoning;
  out.think_open_at_start = config.llm.think_open_at_start;
  out.parse_tool_call_tags = models::tools_travel_in_prompt(format, call.request, config.llm.codec);
  out.prompt_tokens_estimate = models::estimate_prompt_tokens(call.request);
  out.tool_call_id_prefix = "call_" + call.request_id + "_";

  sagemaker::InvokeRequest request = base_invoke_request(config);
  request.body = std::move(*body);
  if (config.enable_request_metadata) request.inference_id = call.request_id;

  if (!stream) {
    auto reply = co_await connection.runtime().invoke(std::move(request));
    if (!reply)
      co_return std::unexpected(with_format_hint(reply.error(), models::to_string(format)));
    auto read = models::read_chat_response(format, reply->body, out);
    if (!read) {
      Error error = read.error();
      error.message = "endpoint " + config.endpoint + ": " + error.message;
      co_return std::unexpected(std::move(error));
    }
    if (config.llm.format == models::ChatFormat::automatic)
      memory_.remember_format(config, read->format);
    if (sink) {
      for (const auto& chunk : chunks_of(read->result)) {
        chunks_sent = true;
        if (auto ok = co_await sink(chunk); !ok) co_return std::unexpected(ok.error());
      }
    }
    co_return std::move(read->result);
  }

  request.accept = "application/json";
  models::ChatStreamReader reader(format, out);
  std::vector<models::ChatChunk> pending;
  std::optional<Error> stop;  // why we stopped reading: a bad record or the sink's error
  auto collect = [&](const models::ChatChunk& chunk) {
    if (sink) pending.push_back(chunk);
  };
  auto flush = [&]() -> http::Task<Result<void>> {
    for (auto& chunk : pending) {
      chunks_sent = true;
      if (auto ok = co_await sink(chunk); !ok) {
        pending.clear();
        co_return std::unexpected(ok.error());
      }
    }
    pending.clear();
    co_return Result<void>{};
  };
  sagemaker::PartSink on_part = [&](std::string_view part) -> http::Task<Result<void>> {
    if (auto fed = reader.feed(part, collect); !fed) {
      Error error = fed.error();
      error.message = "endpoint " + config.endpoint + " (" +
                      std::string(models::to_string(reader.format())) + "): " + error.message;
      stop = error;
      co_return std::unexpected(std::move(error));
    }
    // Most parts complete no chunk (a record split across parts): no coroutine frame for them.
    if (pending.empty()) co_return Result<void>{};
    if (auto ok = co_await flush(); !ok) {
      stop = ok.error();
      co_return std::unexpected(ok.error());
    }
    co_return Result<void>{};
  };
  auto metadata = co_await connection.runtime().invoke_stream(std::move(request), on_part);
  if (!metadata) {
    co_return std::unexpected(stop ? *stop
                                   : with_format_hint(metadata.error(), models::to_string(format)));
  }
  auto result = reader.finish(collect);
  if (!result) {
    Error error = result.error();
    error.message = "endpoint " + config.endpoint + " (" +
                    std::string(models::to_string(reader.format())) + "): " + error.message;
    co_return std::unexpected(std::move(error));
  }
  if (config.llm.format == models::ChatFormat::automatic &&
      reader.format() != models::ChatFormat::automatic)
    memory_.remember_format(config, reader.format());
  if (auto ok = co_await flush(); !ok) co_return std::unexpected(ok.error());
  co_return std::move(*result);
}

}  // namespace smp::provider
