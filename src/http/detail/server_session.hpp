#pragma once
// One accepted server connection: reads requests with the server's limits, runs the handler
// while watching for the client going away, writes what the ResponseWriter frames. All of it
// runs on the connection's strand. Internal to the http layer.
#include <atomic>
#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "http/detail/asio.hpp"
#include "http/detail/response_channel.hpp"
#include "http/server.hpp"

namespace smp::http::detail {

struct SessionContext {
  const ServerOptions& options;
  const Handler& handler;
  const std::atomic<bool>& stopping;
};

class Session : public ResponseChannel, public std::enable_shared_from_this<Session> {
 public:
  virtual Task<void> run() = 0;
  virtual net::any_io_executor executor() = 0;
  // For Server::stop, on the session's strand: close a connection that waits for its next
  // request / close whatever the connection is doing.
  virtual void close_if_idle() = 0;
  virtual void close_now() = 0;
};

// A plain session, or a TLS one when `tls` is given (the handshake is part of run()).
std::shared_ptr<Session> make_session(tcp::socket socket, const SessionContext& context,
                                      net::ssl::context* tls);

}  // namespace smp::http::detail
