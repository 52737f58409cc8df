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

}  // namespace smp::provider
