#pragma once
// The async HTTP(S) client: coroutines on Boost.Asio, one Client per process, a keep-alive pool
// per (scheme, host, port, route). See src/http/README.md for the threading rules.
//
// A request whose connection came from the pool and fails before any response byte arrives is
// retried once on a fresh connection (the peer closed an idle connection under us). Nothing is
// retried after the first response byte. Cancelling the awaiting coroutine (an Asio cancellation
// slot, `||` with a timer, destroying the frame) closes the connection.
#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/environment.hpp"
#include "base/error.hpp"
#include "base/http_message.hpp"
#include "http/proxy.hpp"
#include "http/task.hpp"

namespace smp::http {

struct ClientOptions {
  std::size_t max_idle_per_host = 32;
  // Idle pooled connections older than this are closed instead of reused (servers drop idle
  // keep-alive connections after 60 s or so; reusing one at the edge costs a retry).
  std::chrono::milliseconds max_idle_time{50'000};
  // Extra PEM certificates to trust besides the system store (tests, private CAs).
  std::string extra_ca_pem;
  bool use_system_trust_store = true;
  // Proxy routing. Unset: read from `environment` (the process environment when null) once,
  // when the Client is built; an invalid proxy variable then fails every request with the reason.
  std::optional<ProxySettings> proxy;
  const Environment* environment = nullptr;
  std::string user_agent = "sagemaker-provider";
};

struct RequestOptions {
  std::chrono::milliseconds connect_timeout{3'000};  // DNS + TCP connect + proxy CONNECT + TLS
  std::chrono::milliseconds idle_timeout{60'000};    // longest silence while waiting for bytes
  std::optional<std::chrono::milliseconds> total_timeout;  // whole exchange, body included
  // Largest response body send() accepts; send_streaming() has no limit unless one is set.
  std::optional<std::size_t> body_limit;
};

inline constexpr std::size_t default_body_limit = 64 * 1024 * 1024;

struct ResponseHead {
  int status = 0;
  Headers headers;
};

// Receives the status and headers before any body byte; an error aborts the exchange.
using HeadHandler = std::function<Task<Result<void>>(const ResponseHead&)>;
// Receives body bytes as they arrive. The next read starts only after the returned task
// completes (back-pressure); an error aborts the exchange and closes the connection. The view is
// valid only during the call.
using BodySink = std::function<Task<Result<void>>(std::string_view)>;

struct ClientStats {
  std::size_t connections_opened = 0;
  std::size_t connections_reused = 0;
  std::size_t stale_retries = 0;
  std::size_t idle_connections = 0;
};

class Client {
 public:
  explicit Client(boost::asio::any_io_executor executor, ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // The whole response. The body is limited by options.body_limit (default_body_limit).
  Task<Result<HttpResponse>> send(HttpRequest request, RequestOptions options = {});

  // Streams the body into `on_body` after giving the head to `on_head` (when set). Returns the
  // head once the body is complete.
  Task<Result<ResponseHead>> send_streaming(HttpRequest request, RequestOptions options,
                                            BodySink on_body, HeadHandler on_head = {});

  // Closes every idle pooled connection.
  void close_idle_connections();
  ClientStats stats() const;
  const boost::asio::any_io_executor& executor() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace smp::http
