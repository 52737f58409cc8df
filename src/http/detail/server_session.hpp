#pragma once
// One accepted server connection: reads requests with the server's limits, runs the handler
// while watching for the client going away, writes what the ResponseWriter frames. All of it
// runs on the connection's strand. Internal to the http layer.
#include <atomic>
#include <boost/beast/core/flat_buffer.hpp>
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

class Session final : public ResponseChannel, public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, const SessionContext& context);

  Task<void> run();
  net::any_io_executor executor() { return stream_.get_executor(); }

  // For Server::stop, on the session's strand: close a connection that waits for its next
  // request / close whatever the connection is doing.
  void close_if_idle();
  void close_now();

  Task<Result<void>> write(std::string_view first, std::string_view second = {},
                           std::string_view third = {}) override;
  bool disconnected() const override { return disconnected_; }
  bool accepting_more_requests() const override { return !context_.stopping.load(); }

 private:
  Task<void> serve(ServerRequest& request, ResponseWriter& writer);
  Task<void> call_handler(ServerRequest& request, ResponseWriter& writer);
  Task<void> watch_for_disconnect();
  Task<void> reject(int status, std::string_view why);
  Task<void> close_gracefully();

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  const SessionContext& context_;
  std::string remote_;
  bool idle_ = false;          // waiting for the first byte of the next request
  bool disconnected_ = false;  // the client went away (or we closed the socket)
};

}  // namespace smp::http::detail
