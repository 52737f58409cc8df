// POST /v1/embeddings and POST /v1/rerank (also /rerank, where Dify's OpenAI-compatible
// provider and Jina clients send it).
#include <spdlog/spdlog.h>

#include <boost/system/system_error.hpp>

#include "gateway/gateway_core.hpp"
#include "gateway/openai_requests.hpp"
#include "gateway/openai_responses.hpp"

namespace smp::gateway {

http::Task<void> embeddings_route(Core& core, http::ServerRequest& request,
                                  http::ResponseWriter& writer) {
  Exchange exchange(core, request, writer, "/v1/embeddings");
  try {
    if (auto ok = exchange.authenticate(); !ok) {
      co_await exchange.send_error(ok.error());
      co_return;
    }
    auto parsed = parse_embeddings_request(request.body);
    if (!parsed) {
      co_await exchange.send_error(parsed.error());
      co_return;
    }
    auto model = exchange.resolve(parsed->model, provider::ModelType::text_embedding);
    if (!model) {
      co_await exchange.send_error(model.error());
      co_return;
    }
    provider::EmbedCall call;
    call.texts = std::move(parsed->embedding.texts);
    call.input_type = parsed->embedding.input_type;
    call.dimensions = parsed->embedding.dimensions;
    exchange.upstream_begin();
    auto result = co_await core.provider->embed((*model)->config, std::move(call));
    exchange.upstream_end();
    if (!result) {
      co_await exchange.send_error(result.error());
      co_return;
    }
    exchange.tokens(result->usage);
    std::string body = render_embeddings(parsed->model, *result, parsed->base64);
    co_await exchange.send_json(200, std::move(body));
  } catch (const boost::system::system_error& e) {
    spdlog::info("{} cancelled: {}", exchange.id(), e.code().message());
  }
}

http::Task<void> rerank_route(Core& core, http::ServerRequest& request,
                              http::ResponseWriter& writer) {
  Exchange exchange(core, request, writer, "/v1/rerank");
  try {
    if (auto ok = exchange.authenticate(); !ok) {
      co_await exchange.send_error(ok.error());
      co_return;
    }
    auto parsed = parse_rerank_request(request.body);
    if (!parsed) {
      co_await exchange.send_error(parsed.error());
      co_return;
    }
    auto model = exchange.resolve(parsed->model, provider::ModelType::rerank);
    if (!model) {
      co_await exchange.send_error(model.error());
      co_return;
    }
    provider::RerankCall call;
    call.query = parsed->rerank.query;
    call.documents = parsed->rerank.documents;
    call.top_n = parsed->rerank.top_n;
    call.score_threshold = parsed->rerank.score_threshold;
    exchange.upstream_begin();
    auto result = co_await core.provider->rerank((*model)->config, std::move(call));
    exchange.upstream_end();
    if (!result) {
      co_await exchange.send_error(result.error());
      co_return;
    }
    std::string body = render_rerank("rerank-" + exchange.id(), parsed->model, *result,
                                     parsed->rerank.documents, parsed->return_documents);
    co_await exchange.send_json(200, std::move(body));
  } catch (const boost::system::system_error& e) {
    spdlog::info("{} cancelled: {}", exchange.id(), e.code().message());
  }
}

}  // namespace smp::gateway
