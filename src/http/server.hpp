#pragma once
// A small coroutine HTTP/1.1 server on Beast: keep-alive, request limits, timeouts against slow
// clients, disconnect detection and graceful stop. One io_context with `threads` threads; each
// connection runs on its own strand, so a handler never runs on two threads at once.
#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "base/error.hpp"
#include "http/response_writer.hpp"
#include "http/server_request.hpp"
#include "http/task.hpp"

namespace smp::http {

// Answers one request through the writer. If it returns without answering, the server sends 500;
// if it throws, 500 too (or the connection closes when a response had started).
using Handler = std::function<Task<void>(ServerRequest&, ResponseWriter&)>;

struct ServerTlsOptions {
  std::string certificate_chain_pem;  // leaf first
  std::string private_key_pem;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0: an ephemeral port, see Server::port()
  std::size_t threads = 1;
  std::size_t max_connections = 1024;            // beyond this, new connections get 503 and close
  std::size_t max_header_bytes = 16 * 1024;      // larger: 431
  std::size_t max_body_bytes = 8 * 1024 * 1024;  // larger: 413
  std::chrono::milliseconds keep_alive_timeout{60'000};  // idle time allowed between requests
  std::chrono::milliseconds header_timeout{10'000};      // first byte to end of headers (slowloris)
  std::chrono::milliseconds body_timeout{60'000};        // end of headers to end of body
  std::chrono::milliseconds write_timeout{60'000};       // per write, for clients that stop reading
  std::optional<ServerTlsOptions> tls;                   // HTTPS (TLS 1.2+) when set
  // The body of a response the server sends itself, before any handler saw the request (400 for
  // bytes that are not HTTP, 408 and 413, 431): content type and body for a status and a reason.
  // Unset: "text/plain" with the reason. A front door with its own error shape (the OpenAI
  // envelope) sets it, so clients can parse every error it sends.
  std::function<std::pair<std::string, std::string>(int status, std::string_view reason)>
      rejection_body;
};

class Server {
 public:
  Server(ServerOptions options, Handler handler);
  ~Server();  // stop(0)
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds, listens and starts the threads. ErrorKind::connection when the address is taken.
  Result<void> start();
  std::uint16_t port() const;
  std::string url() const;  // "http://host:port" or "https://host:port"

  // Stops accepting, closes idle keep-alive connections, lets requests in flight finish within
  // `drain`, then closes what is left (cancelling those handlers) and joins the threads. Must not
  // be called from a handler.
  void stop(std::chrono::milliseconds drain = std::chrono::seconds(5));
  // Blocks until stop() has finished (from another thread, e.g. a signal watcher).
  void wait();

  boost::asio::any_io_executor executor() const;
  std::size_t open_connections() const;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace smp::http
