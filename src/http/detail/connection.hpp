#pragma once
// One client connection (plain TCP or TLS over TCP, possibly through a proxy tunnel) and how to
// open it. Internal to the http layer.
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <memory>
#include <string>
#include <variant>

#include "base/error.hpp"
#include "http/client.hpp"
#include "http/detail/asio.hpp"
#include "http/detail/deadline.hpp"
#include "http/url.hpp"

namespace smp::http::detail {

using TcpStream = beast::tcp_stream;
using TlsStream = net::ssl::stream<beast::tcp_stream>;

// How a request reaches its target.
struct Route {
  enum class Kind { direct, forward_proxy, tunnel };
  Url target;
  Kind kind = Kind::direct;
  Url proxy;             // when kind != direct
  std::string pool_key;  // connections with the same key are interchangeable

  static Route make(const Url& target, const Url* proxy);
  // The host and port the TCP connection goes to.
  const Url& first_hop() const { return kind == Kind::direct ? target : proxy; }
};

class Connection {
 public:
  Connection(TcpStream tcp, std::string pool_key);
  Connection(TlsStream tls, std::string pool_key);

  TcpStream& tcp();
  std::variant<TcpStream, TlsStream>& stream() { return stream_; }
  beast::flat_buffer& buffer() { return buffer_; }
  const std::string& pool_key() const { return pool_key_; }

  SteadyClock::time_point idle_since;
  bool reused = false;

 private:
  std::variant<TcpStream, TlsStream> stream_;
  beast::flat_buffer buffer_;
  std::string pool_key_;
};

// The TLS settings every connection of a Client shares (TLS 1.2+, peer verification).
Result<std::shared_ptr<net::ssl::context>> make_tls_context(const ClientOptions& options);

// Resolves, connects, tunnels through the proxy when needed and completes the TLS handshake, all
// within `connect_timeout` (and the total deadline).
Task<Result<std::unique_ptr<Connection>>> open_connection(const net::any_io_executor& executor,
                                                          const Route& route,
                                                          net::ssl::context& tls,
                                                          const RequestOptions& options,
                                                          const Deadline& deadline);

// An I/O failure as an smp::Error that names the host.
Error io_error(const boost::system::error_code& ec, std::string_view what, std::string_view host);
Error cancelled_error(std::string_view host);

}  // namespace smp::http::detail
