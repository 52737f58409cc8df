#include "provider/provider.hpp"

namespace smp::provider {

Provider::Provider(http::Client& http, sagemaker::ConnectionContext context,
                   ProviderOptions options)
    : http_(http),
      options_(options),
      connections_(http, std::move(context), options.connection_capacity) {}

Provider::~Provider() = default;

sagemaker::InvokeRequest base_invoke_request(const ModelConfig& config) {
  sagemaker::InvokeRequest r;
  r.endpoint_name = config.endpoint;
  r.content_type = "application/json";
  r.accept = "application/json";
  r.custom_attributes = config.custom_attributes;
  r.target_variant = config.target_variant;
  r.inference_component = config.inference_component;
  return r;
}

namespace {
Error not_yet() {
  return Error::make(ErrorKind::internal, "NotImplemented", "not implemented yet");
}
}  // namespace

http::Task<Result<models::ChatResult>> Provider::chat(const ModelConfig&, ChatCall, ChunkSink) {
  co_return std::unexpected(not_yet());
}
http::Task<Result<models::EmbeddingResult>> Provider::embed(const ModelConfig&, EmbedCall) {
  co_return std::unexpected(not_yet());
}
http::Task<Result<models::RerankResult>> Provider::rerank(const ModelConfig&, RerankCall) {
  co_return std::unexpected(not_yet());
}
http::Task<Result<void>> Provider::validate(const ModelConfig&) {
  co_return std::unexpected(not_yet());
}
http::Task<Result<models::ChatResult>> Provider::chat_once(sagemaker::Connection&,
                                                           const ModelConfig&, ChatCall&,
                                                           models::ChatFormat, bool,
                                                           const ChunkSink&, bool&) {
  co_return std::unexpected(not_yet());
}
http::Task<Result<std::string>> Provider::invoke_json(sagemaker::Connection&, const ModelConfig&,
                                                      std::string) {
  co_return std::unexpected(not_yet());
}

}  // namespace smp::provider
