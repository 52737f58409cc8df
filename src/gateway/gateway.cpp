#include "gateway/gateway.hpp"

#include <spdlog/spdlog.h>

#include <thread>

#include "gateway/gateway_core.hpp"
#include "gateway/openai_error.hpp"
#include "http/blocking_transport.hpp"
#include "http/router.hpp"

namespace smp::gateway {
namespace {

http::Router make_router(const std::shared_ptr<Core>& shared) {
  // The handlers hold the core by raw pointer: the server (and so every handler) is stopped
  // and joined in ~Gateway before the core goes.
  Core* core = shared.get();
  http::Router router;
  router.post("/v1/chat/completions", [core](http::ServerRequest& r, http::ResponseWriter& w) {
    return chat_route(*core, r, w, false);
  });
  router.post("/v1/completions", [core](http::ServerRequest& r, http::ResponseWriter& w) {
    return chat_route(*core, r, w, true);
  });
  router.post("/v1/embeddings", [core](http::ServerRequest& r, http::ResponseWriter& w) {
    return embeddings_route(*core, r, w);
  });
  for (const char* path : {"/v1/rerank", "/rerank"}) {
    router.post(path, [core](http::ServerRequest& r, http::ResponseWriter& w) {
      return rerank_route(*core, r, w);
    });
  }
  router.post("/v1/audio/speech", [core](http::ServerRequest& r, http::ResponseWriter& w) {
    return audio_route(*core, r, w, true);
  });
  router.post("/v1/audio/transcriptions", [core](http::ServerRequest& r, http::ResponseWriter& w) {
    return audio_route(*core, r, w, false);
  });
  router.get("/v1/models", [core](http::ServerRequest& r, http::ResponseWriter& w) {
    return models_route(*core, r, w);
  });
  router.get("/v1/models/{id+}", [core](http::ServerRequest& r, http::ResponseWriter& w) {
    return model_route(*core, r, w);
  });
  for (const char* path : {"/health", "/ping"}) {
    router.get(path, [core](http::ServerRequest&, http::ResponseWriter& w) -> http::Task<void> {
      const std::string body =
          "{\"status\":\"ok\",\"models\":" + std::to_string(core->models.all().size()) + "}";
      std::string content_type = "application/json";
      co_await w.send(200, body, std::move(content_type));
    });
  }
  router.get("/metrics", [core](http::ServerRequest&, http::ResponseWriter& w) -> http::Task<void> {
    auto body = core->metrics.render();
    std::string content_type = "text/plain; version=0.0.4; charset=utf-8";
    co_await w.send(200, std::move(body), std::move(content_type));
  });
  router.not_found([core](http::ServerRequest& r, http::ResponseWriter& w) {
    return not_found_route(*core, r, w);
  });
  return router;
}

}  // namespace

Result<std::unique_ptr<Gateway>> Gateway::create(GatewayOptions options, ModelTable models,
                                                 sagemaker::ConnectionContext context) {
  if (options.threads == 0)
    options.threads = std::max<std::size_t>(1, std::thread::hardware_concurrency());
  auto core = std::make_shared<Core>(std::move(options), std::move(models));
  core->started_at = unix_seconds();
  http::ServerOptions server;
  server.host = core->options.host;
  server.port = core->options.port;
  server.threads = core->options.threads;
  server.max_body_bytes = core->options.max_body_bytes;
  server.max_connections = 4096;
  // Streams may be quiet for minutes while a model thinks; the upstream idle timeout (the
  // model's request_timeout) is what bounds them, not a write deadline on our side.
  server.write_timeout = std::chrono::seconds(120);
  // What the server refuses on its own (oversized or malformed requests) is an OpenAI envelope
  // too, so clients parse one error shape.
  server.rejection_body = [](int status, std::string_view reason) {
    ApiError error;
    error.status = status;
    error.type = "invalid_request_error";
    error.code = status == 413 ? std::string(kRequestTooLarge) : std::string("invalid_request");
    error.message = std::string(reason);
    return std::pair<std::string, std::string>("application/json", render_error_body(error));
  };
  core->server = std::make_unique<http::Server>(server, make_router(core).handler());
  core->client = std::make_unique<http::Client>(core->server->executor());
  if (!context.blocking_transport) context.blocking_transport = http::make_blocking_transport();
  core->provider = std::make_unique<provider::Provider>(*core->client, std::move(context));
  std::unique_ptr<Gateway> gateway(new Gateway());
  gateway->core_ = std::move(core);
  return gateway;
}

Gateway::~Gateway() {
  if (core_ && core_->server) core_->server->stop(std::chrono::milliseconds(0));
  // Provider and client go before the server: they run on its io_context.
  if (core_) {
    core_->provider.reset();
    core_->client.reset();
  }
}

Result<void> Gateway::start() {
  return core_->server->start();
}
std::uint16_t Gateway::port() const {
  return core_->server->port();
}
std::string Gateway::url() const {
  return core_->server->url();
}
void Gateway::stop(std::chrono::milliseconds drain) {
  core_->server->stop(drain);
}
void Gateway::wait() {
  core_->server->wait();
}
Metrics& Gateway::metrics() {
  return core_->metrics;
}
const ModelTable& Gateway::models() const {
  return core_->models;
}
std::size_t Gateway::threads() const {
  return core_->options.threads;
}

}  // namespace smp::gateway
