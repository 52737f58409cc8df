#pragma once
// Internal to the gateway module: what every route shares (Core) and the per-request helper
// (Exchange) that does the common steps in one place: request id, API key, model lookup and
// allow-list, error envelopes through api_error(), the access log line, metrics, and the
// x-gateway-overhead-ms header.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "gateway/api_keys.hpp"
#include "gateway/gateway.hpp"
#include "gateway/metrics.hpp"
#include "gateway/model_table.hpp"
#include "http/client.hpp"
#include "http/response_writer.hpp"
#include "http/server.hpp"
#include "http/server_request.hpp"
#include "provider/provider.hpp"

namespace smp::gateway {

struct Gateway::Core {
  GatewayOptions options;
  ModelTable models;
  ApiKeys keys;
  Metrics metrics;
  std::int64_t started_at = 0;  // unix seconds, the `created` of listed models
  // Declaration order is destruction order reversed: the server (and its threads) outlive the
  // client and provider that run on its executor, and are stopped first in ~Gateway.
  std::unique_ptr<http::Server> server;
  std::unique_ptr<http::Client> client;
  std::unique_ptr<provider::Provider> provider;

  Core(GatewayOptions o, ModelTable m)
      : options(std::move(o)), models(std::move(m)), keys(options.api_keys) {}
};

using Core = Gateway::Core;
using Clock = std::chrono::steady_clock;

class Exchange {
 public:
  Exchange(Core& core, http::ServerRequest& request, http::ResponseWriter& writer,
           std::string_view route);
  // Records the request in the metrics and the log (499 when no answer was given: the client
  // went away or the handler was cancelled).
  ~Exchange();
  Exchange(const Exchange&) = delete;
  Exchange& operator=(const Exchange&) = delete;

  const std::string& id() const { return id_; }
  Core& core() { return core_; }
  http::ServerRequest& request() { return request_; }
  http::ResponseWriter& writer() { return writer_; }

  // The API key check (first: a bad key gets 401 before any body complaint).
  Result<void> authenticate();
  // The key that authenticate() accepted; nullptr on an open gateway.
  const ApiKeyConfig* key() const { return key_; }
  // The model by name, checked against the key's allow-list and the route's model type.
  Result<const GatewayModel*> resolve(std::string_view model, provider::ModelType type);

  // Brackets the time spent waiting for the provider (overhead = total - upstream).
  void upstream_begin() { upstream_started_ = Clock::now(); }
  void upstream_end();
  void tokens(const models::Usage& usage);

  http::Task<void> send_json(int status, std::string body);
  http::Task<void> send_text(int status, std::string body, std::string content_type);
  http::Task<void> send_error(const Error& error);
  // The outcome of a streamed response (already on the wire).
  void set_status(int status) { status_ = status; }
  void set_error_kind(std::string_view kind);

  std::string model_label() const { return model_.empty() ? "-" : model_; }

 private:
  Headers response_headers(bool overhead) const;

  Core& core_;
  http::ServerRequest& request_;
  http::ResponseWriter& writer_;
  std::string route_;
  std::string id_;
  std::string model_;  // only names of configured models (bounded metric labels)
  std::string key_name_;
  const ApiKeyConfig* key_ = nullptr;  // nullptr: open gateway
  Clock::time_point started_ = Clock::now();
  Clock::time_point upstream_started_{};
  Clock::duration upstream_{};
  int status_ = 0;
};

// A short random id ([0-9a-f]{16}) for logs, x-request-id and the provider's request id.
std::string new_request_id();
std::int64_t unix_seconds();

// Route handlers (one file each).
http::Task<void> chat_route(Core& core, http::ServerRequest& request, http::ResponseWriter& writer,
                            bool text_completion);
http::Task<void> embeddings_route(Core& core, http::ServerRequest& request,
                                  http::ResponseWriter& writer);
http::Task<void> rerank_route(Core& core, http::ServerRequest& request,
                              http::ResponseWriter& writer);
http::Task<void> audio_route(Core& core, http::ServerRequest& request, http::ResponseWriter& writer,
                             bool speech);
http::Task<void> models_route(Core& core, http::ServerRequest& request,
                              http::ResponseWriter& writer);
http::Task<void> model_route(Core& core, http::ServerRequest& request,
                             http::ResponseWriter& writer);
http::Task<void> not_found_route(Core& core, http::ServerRequest& request,
                                 http::ResponseWriter& writer);

}  // namespace smp::gateway
