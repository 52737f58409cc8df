// Credentials validation, schemas, embeddings, rerank, audio, and the action table
// (dify-plugin-protocol.md §8.2–§8.4, §8.7, §8.9–§8.11).
#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <charconv>
#include <chrono>
#include <cstdlib>

#include "dify/actions.hpp"
#include "dify/credentials_form.hpp"
#include "dify/error_mapping.hpp"
#include "dify/hex_audio.hpp"
#include "dify/model_schema.hpp"
#include "provider/speech_synthesis.hpp"
#include "provider/token_count.hpp"
#include "provider/transcription.hpp"

namespace smp::dify {

namespace json = boost::json;

namespace {

std::unexpected<DifyError> failed(const Error& e) {
  return std::unexpected(to_dify_error(e));
}

http::Task<ActionResult> send(ActionContext& ctx, const json::value& data) {
  if (auto r = co_await ctx.out.stream(data); !r) co_return failed(r.error());
  co_return ActionResult{};
}

http::Task<ActionResult> echo_credentials(ActionContext& ctx) {
  auto credentials = field::object(ctx.request.data, "credentials");
  json::object data;
  data["result"] = true;
  data["credentials"] = credentials ? std::move(*credentials) : json::object{};
  co_return co_await send(ctx, data);
}

// The shortest decimal that reads back as the same float: 0.1f is "0.1", not the
// "0.10000000149011612" its double would print. Keeps embedding lines about half as long.
double compact(float f) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, f);
  if (ec != std::errc()) return f;
  *end = '\0';
  return std::strtod(buf, nullptr);
}

}  // namespace

http::Task<ActionResult> validate_provider_credentials(ActionContext& ctx) {
  // Customizable-model only: the provider form is empty, every model is validated on its own.
  co_return co_await echo_credentials(ctx);
}

http::Task<ActionResult> validate_model_credentials(ActionContext& ctx) {
  auto config = model_config_from_request(ctx.request.data);
  if (!config) co_return std::unexpected(credentials_error(config.error()));
  if (auto ok = co_await ctx.provider.validate(*config); !ok)
    co_return std::unexpected(credentials_error(ok.error()));
  co_return co_await echo_credentials(ctx);
}

http::Task<ActionResult> get_ai_model_schemas(ActionContext& ctx) {
  json::object data;
  auto credentials = field::object(ctx.request.data, "credentials");
  if (!credentials) co_return failed(credentials.error());
  if (credentials->empty()) {
    data["model_schema"] = nullptr;  // as the SDK: no credentials, no customizable schema
    co_return co_await send(ctx, data);
  }
  auto config = model_config_from_request(ctx.request.data);
  if (!config) co_return failed(config.error());
  data["model_schema"] = model_schema(*config);
  co_return co_await send(ctx, data);
}

http::Task<ActionResult> invoke_text_embedding(ActionContext& ctx) {
  const auto started = std::chrono::steady_clock::now();
  auto config = model_config_from_request(ctx.request.data);
  if (!config) co_return failed(config.error());
  auto texts = field::strings(ctx.request.data, "texts");
  if (!texts) co_return failed(texts.error());
  auto input_type = field::string(ctx.request.data, "input_type");
  if (!input_type) co_return failed(input_type.error());
  provider::EmbedCall call;
  const std::size_t count = texts->size();
  call.texts = std::move(*texts);
  call.input_type = *input_type == "query" ? models::InputType::query : models::InputType::document;
  json::array vectors;
  models::Usage usage;
  usage.prompt_tokens = usage.total_tokens = 0;
  if (count > 0) {
    auto result = co_await ctx.provider.embed(*config, std::move(call));
    if (!result) co_return failed(result.error());
    if (result->vectors.size() != count) {
      co_return failed(Error::make(ErrorKind::protocol, "EmbeddingCountMismatch",
                                   fmt::format("the endpoint returned {} embeddings for {} texts",
                                               result->vectors.size(), count)));
    }
    vectors.reserve(count);
    for (const auto& v : result->vectors) {
      json::array row;
      row.reserve(v.size());
      for (float f : v)
        row.push_back(compact(f));
      vectors.push_back(std::move(row));
    }
    usage = result->usage;
  }
  const double latency =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  json::object u;
  const std::int64_t tokens = std::max<std::int64_t>(0, usage.prompt_tokens);
  u["tokens"] = tokens;
  u["total_tokens"] = usage.total_tokens >= 0 ? usage.total_tokens : tokens;
  u["unit_price"] = "0.0";
  u["price_unit"] = "0.0";
  u["total_price"] = "0.0";
  u["currency"] = "USD";
  u["latency"] = latency;
  json::object data;
  data["model"] = config->model_name;
  data["embeddings"] = std::move(vectors);
  data["usage"] = std::move(u);
  auto r = co_await ctx.out.stream(data);
  if (!r && r.error().code == "LineTooLong") {
    co_return std::unexpected(bad_request(fmt::format(
        "{} texts of this model's embeddings do not fit in one response line (5 MiB); lower "
        "embedding_batch_size (Dify's max_chunks) for this model",
        count)));
  }
  if (!r) co_return failed(r.error());
  co_return ActionResult{};
}

http::Task<ActionResult> get_text_embedding_num_tokens(ActionContext& ctx) {
  auto texts = field::strings(ctx.request.data, "texts");
  if (!texts) co_return failed(texts.error());
  json::array counts;
  for (auto n : provider::estimate_text_tokens(*texts))
    counts.push_back(n);
  json::object data;
  data["num_tokens"] = std::move(counts);
  co_return co_await send(ctx, data);
}

http::Task<ActionResult> invoke_rerank(ActionContext& ctx) {
  auto config = model_config_from_request(ctx.request.data);
  if (!config) co_return failed(config.error());
  auto query = field::string(ctx.request.data, "query");
  auto docs = field::strings(ctx.request.data, "docs");
  auto top_n = field::integer(ctx.request.data, "top_n");
  auto threshold = field::number(ctx.request.data, "score_threshold");
  if (!query) co_return failed(query.error());
  if (!docs) co_return failed(docs.error());
  if (!top_n) co_return failed(top_n.error());
  if (!threshold) co_return failed(threshold.error());
  json::array out;
  if (!docs->empty()) {
    provider::RerankCall call;
    call.query = std::move(*query);
    call.documents = *docs;
    // Go sends 0 for "not set": top_n 0 means every document, threshold 0 means none.
    call.top_n = top_n->value_or(0);
    if (*threshold && **threshold != 0.0) call.score_threshold = *threshold;
    auto result = co_await ctx.provider.rerank(*config, std::move(call));
    if (!result) co_return failed(result.error());
    for (const auto& hit : result->results) {
      json::object doc;
      doc["index"] = hit.index;
      doc["text"] = hit.index < docs->size() ? (*docs)[hit.index] : hit.document;
      doc["score"] = hit.score;
      out.push_back(std::move(doc));
    }
  }
  json::object data;
  data["model"] = config->model_name;
  data["docs"] = std::move(out);
  co_return co_await send(ctx, data);
}

http::Task<ActionResult> invoke_tts(ActionContext& ctx) {
  auto config = model_config_from_request(ctx.request.data);
  if (!config) co_return failed(config.error());
  auto text = field::string(ctx.request.data, "content_text", true);
  if (!text) co_return failed(text.error());
  auto voice = field::string(ctx.request.data, "voice");
  if (!voice) co_return failed(voice.error());
  auto connection = ctx.provider.connections().get(*config);
  if (!connection) co_return failed(connection.error());
  provider::SpeakCall call;
  call.text = std::move(*text);
  call.voice = std::move(*voice);
  // Each piece of audio goes out as it is ready, in order, cut to stay under the line limit.
  provider::AudioSink sink = [&](std::string_view audio,
                                 std::string_view mime_type) -> http::Task<Result<void>> {
    for (auto piece : audio_chunks(audio)) {
      json::object data;
      data["result"] = hex_encode(piece);
      data["mime_type"] = mime_type.empty() ? std::string_view("audio/mpeg") : mime_type;
      if (auto r = co_await ctx.out.stream(data); !r) co_return r;
    }
    co_return Result<void>{};
  };
  auto result =
      co_await provider::synthesize_speech(*connection, *config, std::move(call), std::move(sink));
  if (!result) co_return failed(result.error());
  if (result->audio_bytes == 0)
    co_return failed(
        Error::make(ErrorKind::protocol, "EmptyAudio", "the endpoint returned no audio"));
  co_return ActionResult{};
}

http::Task<ActionResult> get_tts_model_voices(ActionContext& ctx) {
  auto language = field::string(ctx.request.data, "language");
  if (!language) co_return failed(language.error());
  json::array voices;
  auto config = model_config_from_request(ctx.request.data);
  if (config) {
    for (const auto& v : provider::tts_voices(*config, *language)) {
      json::object o;
      o["name"] = v.name.empty() ? v.role : v.name;
      o["value"] = v.role;
      voices.push_back(std::move(o));
    }
  }
  if (voices.empty()) voices = tts_voices();  // no usable credentials yet: the preset roles
  json::object data;
  data["voices"] = std::move(voices);
  co_return co_await send(ctx, data);
}

http::Task<ActionResult> invoke_speech2text(ActionContext& ctx) {
  auto config = model_config_from_request(ctx.request.data);
  if (!config) co_return failed(config.error());
  // Read in place: the hex is tens of MB, and a copy would double the peak memory.
  const auto file = ctx.request.data.find("file");
  if (file == ctx.request.data.end() || !file->value().is_string() ||
      file->value().get_string().empty())
    co_return std::unexpected(bad_request("field 'file' (the audio bytes in hex) is required"));
  auto audio = hex_decode(file->value().get_string());
  if (!audio) co_return std::unexpected(bad_request("file must be the audio bytes in hex"));
  auto connection = ctx.provider.connections().get(*config);
  if (!connection) co_return failed(connection.error());
  std::string upload_id;
  for (char c : ctx.request.session_id)
    if (std::isalnum(static_cast<unsigned char>(c))) upload_id += c;
  if (upload_id.empty()) upload_id = "upload";
  auto transcript = co_await provider::transcribe_audio(**connection, *config, std::move(*audio),
                                                        std::move(upload_id));
  if (!transcript) co_return failed(transcript.error());
  json::object data;
  data["result"] = transcript->text;
  co_return co_await send(ctx, data);
}

ActionHandler find_action(std::string_view action) {
  struct Entry {
    std::string_view name;
    ActionHandler handler;
  };
  static constexpr Entry table[] = {
      {"validate_provider_credentials", &validate_provider_credentials},
      {"validate_model_credentials", &validate_model_credentials},
      {"get_ai_model_schemas", &get_ai_model_schemas},
      {"invoke_llm", &invoke_llm},
      {"get_llm_num_tokens", &get_llm_num_tokens},
      {"invoke_text_embedding", &invoke_text_embedding},
      {"get_text_embedding_num_tokens", &get_text_embedding_num_tokens},
      {"invoke_rerank", &invoke_rerank},
      {"invoke_tts", &invoke_tts},
      {"get_tts_model_voices", &get_tts_model_voices},
      {"invoke_speech2text", &invoke_speech2text},
  };
  for (const auto& e : table)
    if (e.name == action) return e.handler;
  return nullptr;
}

}  // namespace smp::dify
