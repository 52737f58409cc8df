#pragma once
// API keys of the gateway: taken from "Authorization: Bearer KEY" or "x-api-key: KEY", checked
// against the configured keys in constant time, each with its model allow-list. No keys
// configured = an open gateway: any key (or none) is accepted, because clients such as Open
// WebUI always send one (open-webui#4348).
#include <string>
#include <string_view>
#include <vector>

#include "aws/crypto.hpp"
#include "base/error.hpp"
#include "base/http_message.hpp"
#include "gateway/gateway_config.hpp"

namespace smp::gateway {

class ApiKeys {
 public:
  explicit ApiKeys(std::vector<ApiKeyConfig> keys);

  bool open() const { return keys_.empty(); }

  // The matching key (nullptr when the gateway is open). auth error with code invalid_api_key
  // when the key is missing or unknown; the message never repeats the key.
  Result<const ApiKeyConfig*> authenticate(const Headers& headers) const;

  // Whether `key` (nullptr = open gateway) may use `model`.
  static bool allows(const ApiKeyConfig* key, std::string_view model);
  // The 403 for a model the key may not use, naming the models it may use.
  static Error not_allowed(const ApiKeyConfig& key, std::string_view model);

 private:
  struct Entry {
    ApiKeyConfig config;
    aws::Sha256Digest digest;  // compared instead of the key, so its length leaks nothing either
  };
  std::vector<Entry> keys_;
};

// The key a request presents: the Bearer token, else x-api-key; "" when none.
std::string_view presented_key(const Headers& headers);

}  // namespace smp::gateway
