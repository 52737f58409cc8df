#pragma once
// Prometheus metrics of the gateway (text exposition format 0.0.4), kept in memory and rendered
// on GET /metrics: requests by route/model/status, errors by kind, request and upstream latency
// histograms, tokens by model and direction, streams in flight. Thread-safe; the mutex is held
// only for a map update, and labels come from a bounded set (routes, configured model names,
// statuses, error kinds), never from what a client typed.
#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace smp::gateway {

class Metrics {
 public:
  static constexpr std::array<double, 16> kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120};

  void request(std::string_view route, std::string_view model, int status, double seconds);
  void error(std::string_view kind);
  void upstream(std::string_view route, std::string_view model, double seconds);
  void tokens(std::string_view model, std::int64_t prompt, std::int64_t completion);
  void stream_started() { streams_.fetch_add(1, std::memory_order_relaxed); }
  void stream_ended() { streams_.fetch_sub(1, std::memory_order_relaxed); }
  std::int64_t streams_in_flight() const { return streams_.load(std::memory_order_relaxed); }

  std::string render() const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> counts{};
    std::uint64_t count = 0;
    double sum = 0;
    void observe(double seconds);
  };
  using Key2 = std::tuple<std::string, std::string>;

  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> requests_;
  std::map<std::string, std::uint64_t> errors_;
  std::map<std::string, Histogram> latency_;  // by route
  std::map<Key2, Histogram> upstream_;        // by route, model
  std::map<Key2, std::uint64_t> tokens_;      // by model, direction
  std::atomic<std::int64_t> streams_{0};
};

}  // namespace smp::gateway
