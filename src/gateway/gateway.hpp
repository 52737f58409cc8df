#pragma once
// The OpenAI-compatible gateway: routes (README.md) over the provider, API keys, metrics,
// request logs, graceful stop. One http::Server whose threads also run the upstream client, so
// one process uses every core and a request never hops threads to reach SageMaker.
//
// Threading: create/start/stop/wait from one controlling thread (stop() never from a handler);
// metrics() and the accessors are safe from any thread.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "base/error.hpp"
#include "gateway/gateway_config.hpp"
#include "gateway/metrics.hpp"
#include "gateway/model_table.hpp"
#include "sagemaker/connection.hpp"

namespace smp::gateway {

struct GatewayOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: a free port
  std::size_t threads = 0;    // 0: std::thread::hardware_concurrency()
  std::size_t max_body_bytes = 32 * 1024 * 1024;
  std::vector<ApiKeyConfig> api_keys;
  // SSE comment interval while a stream is quiet; 0 = none.
  std::chrono::milliseconds stream_keepalive{15'000};
};

class Gateway {
 public:
  // `context` is the outside world of the AWS connections (tests and the demo keep the default
  // environment; the blocking transport is created here when empty).
  static Result<std::unique_ptr<Gateway>> create(GatewayOptions options, ModelTable models,
                                                 sagemaker::ConnectionContext context = {});
  ~Gateway();
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  // ErrorKind::connection when the address is taken.
  Result<void> start();
  std::uint16_t port() const;
  std::string url() const;
  // Stops accepting, lets requests and streams in flight finish within `drain`, then cuts the
  // rest (their upstream calls are cancelled with them).
  void stop(std::chrono::milliseconds drain);
  void wait();

  Metrics& metrics();
  const ModelTable& models() const;
  std::size_t threads() const;

  struct Core;

 private:
  Gateway() = default;
  std::shared_ptr<Core> core_;
};

}  // namespace smp::gateway
