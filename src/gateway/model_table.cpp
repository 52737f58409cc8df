#include "gateway/model_table.hpp"

#include "provider/model_type.hpp"
#include "provider/settings.hpp"

namespace smp::gateway {

Result<ModelTable> ModelTable::build(const std::vector<ModelEntry>& entries) {
  std::vector<GatewayModel> models;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& entry = entries[i];
    const auto where = "models[" + std::to_string(i) + "] '" + entry.name + "' (line " +
                       std::to_string(entry.line) + ")";
    auto type = provider::parse_model_type(entry.type);
    if (!type)
      return fail(ErrorKind::invalid_argument, "InvalidConfig",
                  where + ": type: " + type.error().message);
    provider::Settings settings;
    for (const auto& [key, value] : entry.settings)
      settings[key] = value;
    auto config = provider::parse_model_config(*type, entry.name, settings);
    if (!config)
      return fail(ErrorKind::invalid_argument, "InvalidConfig",
                  where + ": " + config.error().message);
    models.push_back({entry.name, std::move(*config)});
  }
  return ModelTable(std::move(models));
}

ModelTable::ModelTable(std::vector<GatewayModel> models) : models_(std::move(models)) {
  for (std::size_t i = 0; i < models_.size(); ++i)
    index_.emplace(models_[i].name, i);
}

const GatewayModel* ModelTable::find(std::string_view name) const {
  const auto it = index_.find(name);
  return it == index_.end() ? nullptr : &models_[it->second];
}

}  // namespace smp::gateway
