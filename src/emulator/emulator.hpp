#pragma once
// The local SageMaker emulator, embeddable in-process: one HTTP port serving the SageMaker
// runtime and control plane, STS, S3 and Comprehend, with SigV4 verification of every signed
// request, built-in containers (or forwarding to local ones), fault injection and a request log
// (GET/DELETE /_emulator/requests). `sagemaker-provider emulate` runs one; `serve` without a
// config starts one with default_config().
//
// Threading: start/stop from one controlling thread; the accessors are safe from any thread.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "base/clock.hpp"
#include "base/error.hpp"
#include "emulator/config.hpp"
#include "emulator/endpoint_catalog.hpp"
#include "emulator/request_log.hpp"
#include "emulator/s3_store.hpp"

namespace smp::emulator {

struct ListenAddress {
  std::string host = "127.0.0.1";
  std::uint16_t port = 4566;
};

// "127.0.0.1:4566", "[::1]:0", "localhost:8080", ":4566" (loopback), "4566".
Result<ListenAddress> parse_listen_address(std::string_view text);

class Emulator {
 public:
  // Builds the endpoints' containers; fails (invalid_argument) on a config it cannot serve.
  // `containers` makes the `container:` backends (default: the built-in kinds).
  static Result<std::unique_ptr<Emulator>> create(EmulatorConfig config,
                                                  const Clock& clock = SystemClock::instance(),
                                                  ContainerFactory containers = {});
  ~Emulator();
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  // Binds and serves on `threads` threads. Port 0 picks a free port (see port()).
  Result<void> start(const ListenAddress& listen = {"127.0.0.1", 0}, std::size_t threads = 1);
  std::uint16_t port() const;
  std::string url() const;  // "http://127.0.0.1:PORT"
  // Stops accepting and finishes requests in flight (up to `drain`). Idempotent.
  void stop(std::chrono::milliseconds drain = std::chrono::seconds(2));
  // Blocks until stop() has finished (a signal-watching thread calls stop()).
  void wait();

  const EmulatorConfig& config() const;
  RequestLog& request_log();
  S3Store& object_store();

  struct Core;

 private:
  explicit Emulator(std::unique_ptr<Core> core);
  std::unique_ptr<Core> core_;
};

}  // namespace smp::emulator
