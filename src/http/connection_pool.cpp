#include "http/detail/connection_pool.hpp"

#include <vector>

#include "http/detail/connection.hpp"

namespace smp::http::detail {

ConnectionPool::ConnectionPool(std::size_t max_idle_per_key,
                               std::chrono::milliseconds max_idle_time)
    : max_idle_per_key_(max_idle_per_key), max_idle_time_(max_idle_time) {}

ConnectionPool::~ConnectionPool() = default;

std::unique_ptr<Connection> ConnectionPool::take(const std::string& key) {
  std::vector<std::unique_ptr<Connection>> expired;  // closed outside the lock
  std::unique_ptr<Connection> found;
  {
    std::lock_guard lock(mutex_);
    auto it = idle_.find(key);
    if (it == idle_.end()) return nullptr;
    auto& queue = it->second;  // oldest at the front
    const auto oldest_allowed = SteadyClock::now() - max_idle_time_;
    while (!queue.empty() && queue.front()->idle_since < oldest_allowed) {
      expired.push_back(std::move(queue.front()));
      queue.pop_front();
    }
    if (!queue.empty()) {
      found = std::move(queue.back());
      queue.pop_back();
    }
    if (queue.empty()) idle_.erase(it);
  }
  return found;
}

void ConnectionPool::put(std::unique_ptr<Connection> connection) {
  std::unique_ptr<Connection> evicted;
  {
    std::lock_guard lock(mutex_);
    if (max_idle_per_key_ == 0) return;  // `connection` closes on return
    auto& queue = idle_[connection->pool_key()];
    if (queue.size() >= max_idle_per_key_) {
      evicted = std::move(queue.front());
      queue.pop_front();
    }
    queue.push_back(std::move(connection));
  }
}

void ConnectionPool::clear() {
  std::unordered_map<std::string, std::deque<std::unique_ptr<Connection>>> closing;
  {
    std::lock_guard lock(mutex_);
    closing.swap(idle_);
  }
}

std::size_t ConnectionPool::idle_count() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& [key, queue] : idle_)
    n += queue.size();
  return n;
}

}  // namespace smp::http::detail
