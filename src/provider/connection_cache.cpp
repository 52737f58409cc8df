#include "provider/connection_cache.hpp"

namespace smp::provider {

ConnectionCache::ConnectionCache(http::Client& http, sagemaker::ConnectionContext context,
                                 std::size_t capacity)
    : http_(http), context_(std::move(context)), capacity_(capacity == 0 ? 1 : capacity) {}

Result<std::shared_ptr<sagemaker::Connection>> ConnectionCache::get(const ModelConfig& config) {
  std::string key = connection_identity(config);
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(key); it != entries_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second.lru);
    return it->second.connection;
  }
  // Opening resolves region, endpoints and the credentials provider: local work only.
  auto opened = sagemaker::Connection::open(http_, connection_settings(config), context_);
  if (!opened) return std::unexpected(opened.error());
  std::shared_ptr<sagemaker::Connection> connection = std::move(*opened);
  ++opened_;
  lru_.push_front(key);
  entries_.emplace(std::move(key), Entry{connection, lru_.begin()});
  while (entries_.size() > capacity_) {
    entries_.erase(lru_.back());
    lru_.pop_back();
  }
  return connection;
}

std::size_t ConnectionCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

std::size_t ConnectionCache::opened() const {
  std::lock_guard lock(mutex_);
  return opened_;
}

}  // namespace smp::provider
