// GET /v1/models, GET /v1/models/{id}, the audio routes (not served yet), unknown paths.
#include <boost/system/system_error.hpp>

#include "gateway/gateway_core.hpp"
#include "gateway/openai_error.hpp"
#include "gateway/openai_requests.hpp"
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
  auto key = core.keys.authenticate(request.headers);
  if (!key) {
    co_await exchange.send_error(key.error());
    co_return;
  }
  std::string body = render_model_list(listing(core, *key), core.started_at);
  co_await exchange.send_json(200, std::move(body));
}

http::Task<void> model_route(Core& core, http::ServerRequest& request,
                             http::ResponseWriter& writer) {
  Exchange exchange(core, request, writer, "/v1/models/{id}");
  auto key = core.keys.authenticate(request.headers);
  if (!key) {
    co_await exchange.send_error(key.error());
    co_return;
  }
  const std::string name(request.path_param("id").value_or(""));
  for (const auto& item : listing(core, *key)) {
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

http::Task<void> audio_route(Core& core, http::ServerRequest& request, http::ResponseWriter& writer,
                             bool speech) {
  Exchange exchange(core, request, writer,
                    speech ? "/v1/audio/speech" : "/v1/audio/transcriptions");
  if (auto ok = exchange.authenticate(); !ok) {
    co_await exchange.send_error(ok.error());
    co_return;
  }
  // Shape errors are still worth a precise 400; a well-formed request gets the 501.
  std::string model_name;
  if (speech) {
    auto parsed = parse_speech_request(request.body);
    if (!parsed) {
      co_await exchange.send_error(parsed.error());
      co_return;
    }
    model_name = parsed->model;
  } else {
    auto parsed =
        parse_transcription_request(request.headers.get("content-type").value_or(""), request.body);
    if (!parsed) {
      co_await exchange.send_error(parsed.error());
      co_return;
    }
    model_name = parsed->model;
  }
  auto model = exchange.resolve(
      model_name, speech ? provider::ModelType::tts : provider::ModelType::speech2text);
  if (!model) {
    co_await exchange.send_error(model.error());
    co_return;
  }
  auto error = Error::make(
      ErrorKind::internal, std::string(kNotImplemented),
      std::string(speech ? "Text to speech" : "Speech to text") +
          " is not served by this gateway yet: the provider layer has no audio service. The "
          "model is configured, so requests will work once it lands.");
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
