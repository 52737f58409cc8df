#pragma once
// What we learnt about an endpoint's container: the chat format detected for `auto`, and
// whether it refused response streaming. Only an optimisation: every call still works from a
// cold memory (auto detects again, a refused stream falls back again). Bounded; thread-safe.
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "models/llm/chat_format.hpp"
#include "provider/model_config.hpp"

namespace smp::provider {

struct EndpointFacts {
  std::optional<models::ChatFormat> chat_format;  // detected for an `auto` config
  bool no_streaming = false;                      // the container refused streamed invocations
};

class EndpointMemory {
 public:
  explicit EndpointMemory(std::size_t capacity = 4096);

  EndpointFacts get(const ModelConfig& config) const;
  void remember_format(const ModelConfig& config, models::ChatFormat format);
  void remember_no_streaming(const ModelConfig& config);

 private:
  // region + endpoint_url + endpoint + inference component + target variant.
  static std::string key(const ModelConfig& config);
  void make_room();

  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, EndpointFacts> facts_;
};

}  // namespace smp::provider
