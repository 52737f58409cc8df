#pragma once
// Idle keep-alive connections by route key. Thread-safe: coroutines on any thread take and put.
// Most recently used first (the least likely to have been closed by the peer); bounded per key;
// connections idle longer than max_idle_time are closed rather than handed out.
#include <chrono>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace smp::http::detail {

class Connection;

class ConnectionPool {
 public:
  ConnectionPool(std::size_t max_idle_per_key, std::chrono::milliseconds max_idle_time);
  ~ConnectionPool();

  std::unique_ptr<Connection> take(const std::string& key);
  void put(std::unique_ptr<Connection> connection);
  void clear();
  std::size_t idle_count() const;

 private:
  const std::size_t max_idle_per_key_;
  const std::chrono::milliseconds max_idle_time_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::deque<std::unique_ptr<Connection>>> idle_;
};

}  // namespace smp::http::detail
