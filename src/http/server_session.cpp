// The per-connection request loop of the server.
#include "http/detail/server_session.hpp"

#include <array>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <tuple>

#include "http/detail/request_parsing.hpp"

namespace smp::http::detail {

namespace http = beast::http;

namespace {

constexpr std::size_t read_size = 16 * 1024;
constexpr std::size_t max_linger_bytes = 256 * 1024;
constexpr std::chrono::seconds linger_time{1};

bool quiet_close(const boost::system::error_code& ec) {
  return ec == http::error::end_of_stream || ec == net::error::eof ||
         ec == net::error::connection_reset || ec == net::error::operation_aborted ||
         ec == net::error::bad_descriptor || ec == beast::error::timeout ||
         ec == http::error::partial_message || ec == net::ssl::error::stream_truncated ||
         ec.category() == net::error::get_ssl_category();
}

using TlsStream = net::ssl::stream<beast::tcp_stream>;

template <class Stream>
class StreamSession final : public Session {
 public:
  template <class... TlsContext>
  StreamSession(tcp::socket socket, const SessionContext& context, TlsContext&... tls);

  Task<void> run() override;
  net::any_io_executor executor() override { return tcp().get_executor(); }
  void close_if_idle() override;
  void close_now() override;

  Task<Result<void>> write(std::string_view first, std::string_view second = {},
                           std::string_view third = {}) override;
  bool disconnected() const override { return disconnected_; }
  bool accepting_more_requests() const override { return !context_.stopping.load(); }

 private:
  static constexpr bool is_tls = std::is_same_v<Stream, TlsStream>;
  beast::tcp_stream& tcp() { return beast::get_lowest_layer(stream_); }
  Task<bool> handshake();
  Task<void> serve(ServerRequest& request, ResponseWriter& writer);
  Task<void> call_handler(ServerRequest& request, ResponseWriter& writer);
  Task<void> watch_for_disconnect();
  Task<void> reject(int status, std::string_view why);
  Task<void> close_gracefully();

  Stream stream_;
  beast::flat_buffer buffer_;
  const SessionContext& context_;
  std::string remote_;
  net::steady_timer write_timer_;
  std::uint64_t write_generation_ = 0;
  bool writing_ = false;
  bool idle_ = false;          // waiting for the first byte of the next request
  bool disconnected_ = false;  // the client went away (or we closed the socket)
};

}  // namespace

template <class Stream>
template <class... TlsContext>
StreamSession<Stream>::StreamSession(tcp::socket socket, const SessionContext& context,
                                     TlsContext&... tls)
    : stream_(beast::tcp_stream(std::move(socket)), tls...),
      context_(context),
      write_timer_(tcp().get_executor()) {
  boost::system::error_code ec;
  auto endpoint = tcp().socket().remote_endpoint(ec);
  if (!ec) {
    remote_ = endpoint.address().is_v6() ? "[" + endpoint.address().to_string() + "]"
                                         : endpoint.address().to_string();
    remote_ += ":" + std::to_string(endpoint.port());
  }
  tcp().socket().set_option(tcp::no_delay(true), ec);  // streamed events leave at once
}

template <class Stream>
Task<bool> StreamSession<Stream>::handshake() {
  if constexpr (is_tls) {
    tcp().expires_after(context_.options.header_timeout);
    auto [ec] = co_await stream_.async_handshake(net::ssl::stream_base::server, use_nothrow);
    co_return !ec;
  } else {
    co_return true;
  }
}

template <class Stream>
void StreamSession<Stream>::close_if_idle() {
  if (idle_) tcp().cancel();
}

template <class Stream>
void StreamSession<Stream>::close_now() {
  disconnected_ = true;
  boost::system::error_code ec;
  tcp().socket().shutdown(tcp::socket::shutdown_both, ec);
  tcp().cancel();
}

template <class Stream>
Task<void> StreamSession<Stream>::run() {
  const ServerOptions& options = context_.options;
  const RequestLimits limits{options.max_header_bytes, options.max_body_bytes};
  bool linger = false;
  bool running = co_await handshake();
  while (running && !context_.stopping.load()) {
    if (buffer_.size() == 0) {
      idle_ = true;
      tcp().expires_after(options.keep_alive_timeout);
      auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(read_size), use_nothrow);
      idle_ = false;
      if (ec) break;  // closed, idle too long, or the server is stopping
      buffer_.commit(n);
    }

    RequestParser parser;
    apply_limits(parser, limits);
    tcp().expires_after(options.header_timeout);
    auto [head_ec, head_n] =
        co_await http::async_read_header(stream_, buffer_, parser, use_nothrow);
    if (!head_ec) head_ec = check_header_size(head_n, limits);
    if (head_ec) {
      // A client that dribbles its headers (slowloris) just loses the connection.
      if (!quiet_close(head_ec))
        co_await reject(status_for_parse_error(head_ec), reason_for_parse_error(head_ec, limits));
      break;
    }
    if (!acceptable_target(parser.get().target())) {
      co_await reject(400, "the request target must be a path or an absolute http(s) URL");
      break;
    }
    auto length = parser.content_length();
    if (length && *length > options.max_body_bytes) {
      co_await reject(413, "the request body is larger than " +
                               std::to_string(options.max_body_bytes) + " bytes");
      break;
    }
    const auto& head = parser.get();
    if (head.version() == 11 && iequals(head[http::field::expect], "100-continue") &&
        !parser.is_done()) {
      if (!co_await write("HTTP/1.1 100 Continue\r\n\r\n")) break;
    }
    tcp().expires_after(options.body_timeout);
    auto [body_ec, body_n] = co_await http::async_read(stream_, buffer_, parser, use_nothrow);
    if (body_ec) {
      if (!quiet_close(body_ec))
        co_await reject(status_for_parse_error(body_ec), reason_for_parse_error(body_ec, limits));
      break;
    }

    const bool keep_alive = parser.get().keep_alive();
    const bool head_request = parser.get().method() == http::verb::head;
    ServerRequest request = to_server_request(parser, remote_);
    ResponseWriter writer(*this, request.http_version, keep_alive, head_request);
    co_await serve(request, writer);
    if (disconnected_) break;
    if (writer.state() == ResponseWriter::State::idle) {
      co_await writer.send(500, "the handler sent no response\n");
    } else if (writer.state() == ResponseWriter::State::streaming) {
      co_await writer.end_stream();
    }
    if (disconnected_) break;
    if (!writer.keep_alive()) {
      linger = true;
      break;
    }
  }
  if (linger) co_await close_gracefully();
  boost::system::error_code ec;
  tcp().socket().shutdown(tcp::socket::shutdown_both, ec);
  tcp().close();
}

template <class Stream>
Task<void> StreamSession<Stream>::serve(ServerRequest& request, ResponseWriter& writer) {
  using namespace net::experimental::awaitable_operators;
  tcp().expires_never();
  // Whichever ends first cancels the other: a client that disconnects cancels the handler.
  co_await (call_handler(request, writer) || watch_for_disconnect());
}

template <class Stream>
Task<void> StreamSession<Stream>::call_handler(ServerRequest& request, ResponseWriter& writer) {
  bool failed = false;
  try {
    co_await context_.handler(request, writer);
  } catch (const std::exception&) {
    failed = true;
  }
  if (!failed || disconnected_) co_return;
  if (writer.state() == ResponseWriter::State::idle) {
    co_await writer.send(500, "internal server error\n");
  } else {
    // Half a response cannot be turned into an error: cut the connection so the client sees
    // a truncated body instead of a complete-looking one.
    close_now();
  }
}

template <class Stream>
Task<void> StreamSession<Stream>::watch_for_disconnect() {
  while (true) {
    if (buffer_.size() >= context_.options.max_header_bytes + read_size) {
      // A pipelining client sent a lot ahead: stop reading until this response is done.
      net::steady_timer forever(executor(), net::steady_timer::time_point::max());
      co_await forever.async_wait(use_nothrow);
      co_return;
    }
    auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(read_size), use_nothrow);
    if (ec == net::error::operation_aborted) co_return;  // the handler finished first
    if (ec) {
      disconnected_ = true;
      co_return;
    }
    buffer_.commit(n);  // the next pipelined request; parsed after this response
  }
}

template <class Stream>
Task<Result<void>> StreamSession<Stream>::write(std::string_view first, std::string_view second,
                                                std::string_view third) {
  if (disconnected_) {
    co_return fail(ErrorKind::connection, "ClientDisconnected", "the client closed the connection");
  }
  // The write timeout has its own timer: the stream's timers must stay off while the
  // disconnect watcher's read is pending (Beast arms both when no operation is pending).
  tcp().expires_never();
  const std::uint64_t generation = ++write_generation_;
  write_timer_.expires_after(context_.options.write_timeout);
  write_timer_.async_wait(
      [this, self = shared_from_this(), generation](boost::system::error_code ec) {
        if (ec || !writing_ || generation != write_generation_) return;
        // The client stopped reading: give up on it.
        disconnected_ = true;
        boost::system::error_code ignored;
        tcp().socket().shutdown(tcp::socket::shutdown_both, ignored);
        tcp().cancel();
      });
  const std::array<net::const_buffer, 3> buffers{net::buffer(first.data(), first.size()),
                                                 net::buffer(second.data(), second.size()),
                                                 net::buffer(third.data(), third.size())};
  writing_ = true;
  auto [ec, n] = co_await net::async_write(stream_, buffers, use_nothrow);
  writing_ = false;
  write_timer_.cancel();
  if (ec || disconnected_) {
    disconnected_ = true;
    co_return fail(ErrorKind::connection, "ClientDisconnected",
                   "writing the response to " + remote_ + " failed: " + ec.message());
  }
  co_return Result<void>{};
}

template <class Stream>
Task<void> StreamSession<Stream>::reject(int status, std::string_view why) {
  std::string content_type = "text/plain; charset=utf-8";
  std::string body = std::string(why) + "\n";
  if (context_.options.rejection_body)
    std::tie(content_type, body) = context_.options.rejection_body(status, why);
  std::string head = "HTTP/1.1 " + std::to_string(status) + " " +
                     std::string(http::obsolete_reason(static_cast<http::status>(status))) +
                     "\r\nContent-Type: " + content_type +
                     "\r\nContent-Length: " + std::to_string(body.size()) +
                     "\r\nConnection: close\r\n\r\n";
  if (co_await write(head, body)) co_await close_gracefully();
}

template <class Stream>
Task<void> StreamSession<Stream>::close_gracefully() {
  // Stop sending, then read and drop what the client still sends for a moment: closing with
  // unread bytes makes the kernel send a reset, which can destroy our last response before the
  // client has read it (a 413 while the client is still uploading).
  tcp().expires_after(linger_time);
  if constexpr (is_tls) {
    // Our close_notify; the peer answers with its own within the linger time, or not at all.
    auto [ec] = co_await stream_.async_shutdown(use_nothrow);
    if (ec) co_return;
  }
  boost::system::error_code ec;
  tcp().socket().shutdown(tcp::socket::shutdown_send, ec);
  std::size_t drained = 0;
  std::array<char, 4096> sink;
  while (drained < max_linger_bytes) {
    auto [read_ec, n] = co_await tcp().async_read_some(net::buffer(sink), use_nothrow);
    if (read_ec) break;
    drained += n;
  }
}

std::shared_ptr<Session> make_session(tcp::socket socket, const SessionContext& context,
                                      net::ssl::context* tls) {
  if (tls) return std::make_shared<StreamSession<TlsStream>>(std::move(socket), context, *tls);
  return std::make_shared<StreamSession<beast::tcp_stream>>(std::move(socket), context);
}

}  // namespace smp::http::detail
