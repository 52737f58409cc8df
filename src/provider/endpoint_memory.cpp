#include "provider/endpoint_memory.hpp"

namespace smp::provider {

EndpointMemory::EndpointMemory(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

std::string EndpointMemory::key(const ModelConfig& config) {
  std::string key;
  for (const std::string* part : {&config.aws.region, &config.aws.endpoint_url, &config.endpoint,
                                  &config.inference_component, &config.target_variant}) {
    key += std::to_string(part->size());
    key += ':';
    key += *part;
  }
  return key;
}

EndpointFacts EndpointMemory::get(const ModelConfig& config) const {
  std::lock_guard lock(mutex_);
  auto it = facts_.find(key(config));
  return it == facts_.end() ? EndpointFacts{} : it->second;
}

void EndpointMemory::make_room() {
  // Facts are cheap to learn again: forgetting everything beats tracking recency here.
  if (facts_.size() >= capacity_) facts_.clear();
}

void EndpointMemory::remember_format(const ModelConfig& config, models::ChatFormat format) {
  std::lock_guard lock(mutex_);
  auto k = key(config);
  if (!facts_.contains(k)) make_room();
  facts_[k].chat_format = format;
}

void EndpointMemory::remember_no_streaming(const ModelConfig& config) {
  std::lock_guard lock(mutex_);
  auto k = key(config);
  if (!facts_.contains(k)) make_room();
  facts_[k].no_streaming = true;
}

}  // namespace smp::provider
