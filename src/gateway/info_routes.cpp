// GET /v1/models, GET /v1/models/{id}, unknown paths.
#include <boost/system/system_error.hpp>

#include "gateway/gateway_core.hpp"
#include "gateway/openai_error.hpp"
#include "gateway/openai_responses.hpp"

namespace smp::gateway {
namespace {

std::vector<ModelListing> listing(const Core& core, const ApiKeyConfig* key) {
  std::vector<ModelListing> out;
  for (const auto& model : core.models.all()) {
    if (!ApiKeys::allows(key, model.name)) continue;
    ModelListing item;
    item.id = model.name;
    item.type = std::string(provider::to_string(model.config.type));
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace

http::Task<void> models_route(Core& core, http::ServerRequest& request,
                              http::ResponseWriter& writer) {
  Exchange exchange(core, request, writer, "/v1/models");
  if (auto ok = exchange.authenticate(); !ok) {
    co_await exchange.send_error(ok.error());
    co_return;
  }
  std::string body = render_model_list(listing(core, exchange.key()), core.started_at);
  co_await exchange.send_json(200, std::move(body));
}

http::Task<void> model_route(Core& core, http::ServerRequest& request,
                             http::ResponseWriter& writer) {
  Exchange exchange(core, request, writer, "/v1/models/{id}");
  if (auto ok = exchange.authenticate(); !ok) {
    co_await exchange.send_error(ok.error());
    co_return;
  }
  const std::string name(request.path_param("id").value_or(""));
  for (const auto& item : listing(core, exchange.key())) {
    if (item.id == name) {
      std::string body = render_model(item, core.started_at);
      co_await exchange.send_json(200, std::move(body));
      co_return;
    }
  }
  auto error = Error::make(ErrorKind::not_found, std::string(kModelNotFound),
                           "The model '" + name + "' does not exist.");
  error.with_detail("param", "model");
  co_await exchange.send_error(error);
}

http::Task<void> not_found_route(Core& core, http::ServerRequest& request,
                                 http::ResponseWriter& writer) {
  Exchange exchange(core, request, writer, "unknown");
  auto error = Error::make(ErrorKind::not_found, "unknown_url",
                           "Unknown request URL: " + request.method + " " + request.path +
                               ". See GET /v1/models and the OpenAI API reference.");
  co_await exchange.send_error(error);
}

}  // namespace smp::gateway
