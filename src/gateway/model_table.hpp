#pragma once
// The models a gateway serves, by the name clients send: each gateway config entry parsed into
// the provider's ModelConfig once at startup, so a bad field stops the start with a message
// that names the entry, its line and the field.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "gateway/gateway_config.hpp"
#include "provider/model_config.hpp"

namespace smp::gateway {

struct GatewayModel {
  std::string name;
  provider::ModelConfig config;
};

class ModelTable {
 public:
  static Result<ModelTable> build(const std::vector<ModelEntry>& entries);
  explicit ModelTable(std::vector<GatewayModel> models);

  const GatewayModel* find(std::string_view name) const;
  const std::vector<GatewayModel>& all() const { return models_; }

 private:
  std::vector<GatewayModel> models_;
  std::map<std::string, std::size_t, std::less<>> index_;
};

}  // namespace smp::gateway
