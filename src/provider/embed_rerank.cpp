// Provider::embed and Provider::rerank: plan batches, send them with a bound, merge in order.
#include <mutex>

#include "models/embedding/embedding_batches.hpp"
#include "models/embedding/embedding_codec.hpp"
#include "models/rerank/rerank_batches.hpp"
#include "models/rerank/rerank_codec.hpp"
#include "provider/bounded_runner.hpp"
#include "provider/call_errors.hpp"
#include "provider/provider.hpp"

namespace smp::provider {
namespace {

std::unexpected<Error> wrong_type(const ModelConfig& config, std::string_view wanted) {
  return fail(ErrorKind::invalid_argument, "WrongModelType",
              "model " + config.model_name + " is a " + std::string(to_string(config.type)) +
                  " model, not a " + std::string(wanted) + " model");
}

// Names the endpoint and format in a reply the format could not read.
Error in_context(Error error, const ModelConfig& config, std::string_view format) {
  error.message =
      "endpoint " + config.endpoint + " (" + std::string(format) + "): " + error.message;
  return error;
}

}  // namespace

http::Task<Result<std::string>> Provider::invoke_json(sagemaker::Connection& connection,
                                                      const ModelConfig& config, std::string body) {
  sagemaker::InvokeRequest request = base_invoke_request(config);
  request.body = std::move(body);
  auto reply = co_await connection.runtime().invoke(std::move(request));
  if (!reply) co_return std::unexpected(reply.error());
  co_return std::move(reply->body);
}

http::Task<Result<models::EmbeddingResult>> Provider::embed(const ModelConfig& config,
                                                            EmbedCall call) {
  if (config.type != ModelType::text_embedding) co_return wrong_type(config, "text-embedding");
  models::EmbeddingRequest request;
  request.model = config.model_id;
  request.texts = std::move(call.texts);
  request.input_type = call.input_type;
  request.dimensions = call.dimensions;
  request.normalize = call.normalize;
  request.truncate_chars = call.truncate_chars;
  auto plan = models::plan_embedding_batches(request, config.embedding.batch_size);
  if (!plan) co_return std::unexpected(plan.error());
  auto connection = connections_.get(config);
  if (!connection) co_return std::unexpected(connection.error());

  const auto format = config.embedding.format;
  models::EmbeddingCodecOptions codec;
  codec.query_instruction = config.embedding.query_instruction;
  models::EmbeddingMerger merger(*plan);
  std::mutex merger_mutex;
  sagemaker::Connection& conn = **connection;
  auto ran = co_await run_bounded(
      plan->batches.size(), options_.batch_concurrency,
      [&](std::size_t index) -> http::Task<Result<void>> {
        const auto& batch = plan->batches[index];
        auto body = models::build_embedding_request(format, batch.request, codec);
        if (!body) co_return std::unexpected(body.error());
        auto reply = co_await invoke_json(conn, config, std::move(*body));
        if (!reply) co_return std::unexpected(with_format_hint(reply.error(), to_string(format)));
        auto parsed = models::parse_embedding_response(format, *reply, batch.request);
        if (!parsed)
          co_return std::unexpected(in_context(parsed.error(), config, to_string(format)));
        std::lock_guard lock(merger_mutex);
        auto added = merger.add(index, std::move(*parsed));
        if (!added) co_return std::unexpected(in_context(added.error(), config, to_string(format)));
        co_return Result<void>{};
      });
  if (!ran) co_return std::unexpected(ran.error());
  co_return merger.finish();
}

http::Task<Result<models::RerankResult>> Provider::rerank(const ModelConfig& config,
                                                          RerankCall call) {
  if (config.type != ModelType::rerank) co_return wrong_type(config, "rerank");
  models::RerankRequest request;
  request.model = config.model_id;
  request.query = std::move(call.query);
  request.documents = std::move(call.documents);
  request.top_n = call.top_n;
  request.score_threshold = call.score_threshold;
  request.sigmoid = config.rerank.sigmoid;
  auto batches = models::plan_rerank_batches(request, config.rerank.batch_size);
  if (!batches) co_return std::unexpected(batches.error());
  auto connection = connections_.get(config);
  if (!connection) co_return std::unexpected(connection.error());

  const auto format = config.rerank.format;
  models::RerankMerger merger(request, *batches);
  std::mutex merger_mutex;
  sagemaker::Connection& conn = **connection;
  auto ran = co_await run_bounded(
      batches->size(), options_.batch_concurrency,
      [&](std::size_t index) -> http::Task<Result<void>> {
        const auto& batch = (*batches)[index];
        auto body = models::build_rerank_request(format, batch.request);
        if (!body) co_return std::unexpected(body.error());
        auto reply = co_await invoke_json(conn, config, std::move(*body));
        if (!reply) co_return std::unexpected(with_format_hint(reply.error(), to_string(format)));
        auto scores = models::parse_rerank_response(format, *reply, batch.request);
        if (!scores)
          co_return std::unexpected(in_context(scores.error(), config, to_string(format)));
        std::lock_guard lock(merger_mutex);
        auto added = merger.add(index, *scores);
        if (!added) co_return std::unexpected(in_context(added.error(), config, to_string(format)));
        co_return Result<void>{};
      });
  if (!ran) co_return std::unexpected(ran.error());
  co_return merger.finish();
}

}  // namespace smp::provider
