#include <spdlog/spdlog.h>

#include <chrono>

#include "base/uuid.hpp"
#include "gateway/gateway_core.hpp"
#include "gateway/openai_error.hpp"

namespace smp::gateway {

std::string new_request_id() {
  std::string id;
  for (char c : random_uuid())
    if (c != '-' && id.size() < 16) id += c;
  return id;
}

std::int64_t unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {

double seconds(Clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

}  // namespace

Exchange::Exchange(Core& core, http::ServerRequest& request, http::ResponseWriter& writer,
                   std::string_view route)
    : core_(core), request_(request), writer_(writer), route_(route), id_(new_request_id()) {}

Exchange::~Exchange() {
  const auto total = Clock::now() - started_;
  if (status_ == 0) {
    status_ = 499;  // nginx's "client closed request": nothing was answered
    core_.metrics.error("client_closed");
  }
  core_.metrics.request(route_, model_label(), status_, seconds(total));
  // Never the body, the key or a header value: ids, names and timings only.
  spdlog::info("{} {} {} model={} key={} status={} total_ms={:.2f} upstream_ms={:.2f}", id_,
               request_.method, route_, model_label(), key_name_.empty() ? "-" : key_name_, status_,
               seconds(total) * 1e3, seconds(upstream_) * 1e3);
}

Result<void> Exchange::authenticate() {
  auto key = core_.keys.authenticate(request_.headers);
  if (!key) return fail(key.error());
  key_ = *key;
  if (key_) key_name_ = key_->name;
  return {};
}

Result<const GatewayModel*> Exchange::resolve(std::string_view name, provider::ModelType type) {
  const auto* model = core_.models.find(name);
  const ApiKeyConfig* key = key_;
  if (!model) {
    std::string available;
    for (const auto& m : core_.models.all())
      if (ApiKeys::allows(key, m.name)) available += (available.empty() ? "" : ", ") + m.name;
    auto error = Error::make(ErrorKind::not_found, std::string(kModelNotFound),
                             "The model '" + std::string(name) +
                                 "' does not exist. Available models: " + available + ".");
    error.with_detail("param", "model");
    return fail(std::move(error));
  }
  model_ = model->name;
  if (!ApiKeys::allows(key, model->name)) return fail(ApiKeys::not_allowed(*key, model->name));
  if (model->config.type != type) {
    auto error = Error::make(ErrorKind::invalid_argument, "model_type_mismatch",
                             "The model '" + model->name + "' is a " +
                                 std::string(provider::to_string(model->config.type)) +
                                 " model; this route serves " +
                                 std::string(provider::to_string(type)) + " models.");
    error.with_detail("param", "model");
    return fail(std::move(error));
  }
  return model;
}

void Exchange::upstream_end() {
  const auto elapsed = Clock::now() - upstream_started_;
  upstream_ += elapsed;
  core_.metrics.upstream(route_, model_label(), seconds(elapsed));
}

void Exchange::tokens(const models::Usage& usage) {
  core_.metrics.tokens(model_label(), usage.prompt_tokens, usage.completion_tokens);
}

void Exchange::set_error_kind(std::string_view kind) {
  core_.metrics.error(kind);
}

Headers Exchange::response_headers(bool overhead) const {
  Headers headers;
  headers.add("x-request-id", id_);
  if (overhead) {
    const auto own = (Clock::now() - started_) - upstream_;
    headers.add("x-gateway-overhead-ms", fmt::format("{:.3f}", seconds(own) * 1e3));
  }
  return headers;
}

http::Task<void> Exchange::send_json(int status, std::string body) {
  std::string content_type = "application/json";
  co_await send_text(status, std::move(body), std::move(content_type));
}

http::Task<void> Exchange::send_text(int status, std::string body, std::string content_type) {
  HttpResponse response;
  response.status = status;
  response.headers = response_headers(true);
  response.headers.add("Content-Type", std::move(content_type));
  response.body = std::move(body);
  status_ = status;
  co_await writer_.send(std::move(response));
}

http::Task<void> Exchange::send_error(const Error& error) {
  const auto api = api_error(error);
  set_error_kind(to_string(error.kind));
  if (api.status >= 500) spdlog::warn("{} {} failed: {}", id_, route_, error.describe());
  std::string body = render_error_body(api);
  co_await send_json(api.status, std::move(body));
}

}  // namespace smp::gateway
