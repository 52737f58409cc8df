#pragma once
// Connections (signed sender, clients, credentials provider) shared by the models that have the
// same AWS identity, keyed by connection_identity(): the full identity, so two Dify tenants with
// different keys, roles or external ids never share credentials. Bounded: least recently used
// entries are dropped beyond `capacity`. A dropped connection stays alive while a call uses it.
// Credential refresh (role sessions, expiring keys) is the credentials provider's job.
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "base/error.hpp"
#include "http/client.hpp"
#include "provider/model_config.hpp"
#include "sagemaker/connection.hpp"

namespace smp::provider {

class ConnectionCache {
 public:
  ConnectionCache(http::Client& http, sagemaker::ConnectionContext context,
                  std::size_t capacity = 64);

  // The connection for `config`'s identity, opened on first use (no network call).
  Result<std::shared_ptr<sagemaker::Connection>> get(const ModelConfig& config);

  std::size_t size() const;
  std::size_t opened() const;  // connections opened so far (tests, stats)

 private:
  struct Entry {
    std::shared_ptr<sagemaker::Connection> connection;
    std::list<std::string>::iterator lru;
  };

  http::Client& http_;
  sagemaker::ConnectionContext context_;
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::list<std::string> lru_;  // front = most recently used
  std::unordered_map<std::string, Entry> entries_;
  std::size_t opened_ = 0;
};

}  // namespace smp::provider
