#include "gateway/api_keys.hpp"

#include <string_view>

#include "gateway/openai_error.hpp"

namespace smp::gateway {

std::string_view presented_key(const Headers& headers) {
  if (const auto authorization = headers.get("authorization")) {
    std::string_view value = *authorization;
    if (value.size() > 7 && iequals(value.substr(0, 7), "bearer ")) {
      value.remove_prefix(7);
      while (!value.empty() && value.front() == ' ')
        value.remove_prefix(1);
      while (!value.empty() && value.back() == ' ')
        value.remove_suffix(1);
      return value;
    }
  }
  if (const auto key = headers.get("x-api-key")) return *key;
  return {};
}

ApiKeys::ApiKeys(std::vector<ApiKeyConfig> keys) {
  for (auto& key : keys) {
    Entry entry;
    entry.digest = aws::sha256(key.key);
    entry.config = std::move(key);
    keys_.push_back(std::move(entry));
  }
}

Result<const ApiKeyConfig*> ApiKeys::authenticate(const Headers& headers) const {
  if (open()) return nullptr;
  const auto key = presented_key(headers);
  if (key.empty())
    return fail(ErrorKind::auth, std::string(kInvalidApiKey),
                "Missing API key: send it as 'Authorization: Bearer <key>' or 'x-api-key'.");
  const auto digest = aws::sha256(key);
  const std::string_view presented(reinterpret_cast<const char*>(digest.data()), digest.size());
  // Every key is compared, so the time taken does not say which one (or whether any) matched.
  const ApiKeyConfig* found = nullptr;
  for (const auto& entry : keys_) {
    const std::string_view expected(reinterpret_cast<const char*>(entry.digest.data()),
                                    entry.digest.size());
    if (aws::constant_time_equals(presented, expected) && !found) found = &entry.config;
  }
  if (!found)
    return fail(ErrorKind::auth, std::string(kInvalidApiKey), "Incorrect API key provided.");
  return found;
}

bool ApiKeys::allows(const ApiKeyConfig* key, std::string_view model) {
  if (!key || key->models.empty()) return true;
  for (const auto& allowed : key->models)
    if (allowed == "*" || allowed == model) return true;
  return false;
}

Error ApiKeys::not_allowed(const ApiKeyConfig& key, std::string_view model) {
  std::string list;
  for (const auto& allowed : key.models)
    list += (list.empty() ? "" : ", ") + allowed;
  auto error = Error::make(
      ErrorKind::auth, std::string(kModelNotAllowed),
      "This API key may not use model '" + std::string(model) + "'. Allowed models: " + list + ".");
  error.with_detail("param", "model");
  return error;
}

}  // namespace smp::gateway
