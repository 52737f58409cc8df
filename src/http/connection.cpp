// Opening client connections: DNS, TCP, the proxy CONNECT tunnel and the TLS handshake.
#include "http/detail/connection.hpp"

#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include "base/base64.hpp"

namespace smp::http::detail {

namespace http = beast::http;
using std::chrono::milliseconds;

namespace {

bool is_ip_literal(const Url& url) {
  boost::system::error_code ec;
  net::ip::make_address(url.host, ec);
  return !ec;
}

// getaddrinfo cannot be cancelled per operation, so a timer cancels the resolver instead.
Task<Result<tcp::resolver::results_type>> resolve(const net::any_io_executor& executor,
                                                  const Url& hop, SteadyClock::time_point until,
                                                  const Deadline& deadline,
                                                  milliseconds connect_timeout) {
  auto resolver = std::make_shared<tcp::resolver>(executor);
  auto timed_out = std::make_shared<std::atomic<bool>>(false);
  net::steady_timer timer(executor);
  timer.expires_at(until);
  timer.async_wait([resolver, timed_out](boost::system::error_code ec) {
    if (ec) return;
    timed_out->store(true);
    resolver->cancel();
  });
  auto [ec, results] =
      co_await resolver->async_resolve(hop.host, std::to_string(hop.port), use_nothrow);
  timer.cancel();
  if (timed_out->load()) {
    co_return std::unexpected(deadline.timeout_error("resolving", hop.host, connect_timeout));
  }
  if (ec) co_return std::unexpected(io_error(ec, "resolving", hop.host));
  co_return results;
}

// Asks the proxy for a tunnel to the target (RFC 9110 §9.3.6).
Task<Result<void>> open_tunnel(TcpStream& tcp, const Route& route, SteadyClock::time_point until,
                               const Deadline& deadline, milliseconds connect_timeout) {
  const std::string authority = route.target.host_and_port();
  const std::string proxy = route.proxy.host_and_port();
  http::request<http::empty_body> request{http::verb::connect, authority, 11};
  request.set(http::field::host, authority);
  if (!route.proxy.user.empty()) {
    request.set(http::field::proxy_authorization,
                "Basic " + base64_encode(route.proxy.user + ":" + route.proxy.password));
  }
  tcp.expires_at(until);
  auto [write_ec, written] = co_await http::async_write(tcp, request, use_nothrow);
  if (write_ec == beast::error::timeout) {
    co_return std::unexpected(
        deadline.timeout_error("CONNECT through proxy", proxy, connect_timeout));
  }
  if (write_ec) co_return std::unexpected(io_error(write_ec, "CONNECT through proxy", proxy));

  beast::flat_buffer buffer;
  http::response_parser<http::empty_body> parser;
  parser.skip(true);  // a 2xx answer to CONNECT has no body: the tunnel starts after the head
  auto [read_ec, read] = co_await http::async_read(tcp, buffer, parser, use_nothrow);
  if (read_ec == beast::error::timeout) {
    co_return std::unexpected(
        deadline.timeout_error("CONNECT through proxy", proxy, connect_timeout));
  }
  if (read_ec) co_return std::unexpected(io_error(read_ec, "CONNECT through proxy", proxy));
  const auto& response = parser.get();
  if (response.result_int() / 100 != 2) {
    co_return fail(ErrorKind::connection, "ProxyConnectFailed",
                   "proxy " + proxy + " refused the tunnel to " + authority + ": " +
                       std::to_string(response.result_int()) + " " +
                       std::string(response.reason()));
  }
  if (buffer.size() != 0) {
    co_return fail(ErrorKind::protocol, "ProxyProtocolError",
                   "proxy " + proxy + " sent bytes before the tunnel was used");
  }
  co_return Result<void>{};
}

Task<Result<void>> handshake(TlsStream& tls, const Url& target, SteadyClock::time_point until,
                             const Deadline& deadline, milliseconds connect_timeout) {
  if (!is_ip_literal(target)) {
    // SNI; IP literals are not sent (RFC 6066 §3).
    if (SSL_set_tlsext_host_name(tls.native_handle(), target.host.c_str()) != 1) {
      co_return fail(ErrorKind::connection, "TlsError", "cannot set SNI for " + target.host);
    }
  }
  auto name_mismatch = std::make_shared<bool>(false);
  tls.set_verify_mode(net::ssl::verify_peer);
  tls.set_verify_callback([verify = net::ssl::host_name_verification(target.host), name_mismatch](
                              bool preverified, net::ssl::verify_context& context) {
    bool ok = verify(preverified, context);
    if (preverified && !ok) *name_mismatch = true;
    return ok;
  });
  beast::get_lowest_layer(tls).expires_at(until);
  auto [ec] = co_await tls.async_handshake(net::ssl::stream_base::client, use_nothrow);
  if (!ec) co_return Result<void>{};
  if (ec == beast::error::timeout) {
    co_return std::unexpected(
        deadline.timeout_error("TLS handshake with", target.host, connect_timeout));
  }
  if (ec.category() == net::error::get_ssl_category()) {
    std::string why;
    long verify = SSL_get_verify_result(tls.native_handle());
    if (*name_mismatch) {
      why = "the certificate does not match the host name";
    } else if (verify != X509_V_OK) {
      why =
          std::string("certificate verification failed: ") + X509_verify_cert_error_string(verify);
    } else {
      why = ec.message();
    }
    co_return fail(ErrorKind::connection, "TlsError",
                   "TLS handshake with " + target.host + " failed: " + why);
  }
  co_return std::unexpected(io_error(ec, "TLS handshake with", target.host));
}

}  // namespace

Route Route::make(const Url& target, const Url* proxy) {
  Route route;
  route.target = target;
  if (!proxy) {
    route.pool_key = target.scheme + "://" + target.host_and_port();
    return route;
  }
  route.proxy = *proxy;
  if (target.is_https()) {
    route.kind = Kind::tunnel;
    route.pool_key = "https://" + target.host_and_port() + " via " + proxy->host_and_port();
  } else {
    // Any http:// target can share a connection to the proxy.
    route.kind = Kind::forward_proxy;
    route.pool_key = "http proxy " + proxy->host_and_port();
  }
  return route;
}

Connection::Connection(TcpStream tcp, std::string pool_key)
    : stream_(std::move(tcp)), pool_key_(std::move(pool_key)) {}

Connection::Connection(TlsStream tls, std::string pool_key)
    : stream_(std::move(tls)), pool_key_(std::move(pool_key)) {}

TcpStream& Connection::tcp() {
  return std::visit([](auto& s) -> TcpStream& { return beast::get_lowest_layer(s); }, stream_);
}

Result<std::shared_ptr<net::ssl::context>> make_tls_context(const ClientOptions& options) {
  auto context = std::make_shared<net::ssl::context>(net::ssl::context::tls_client);
  SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
  boost::system::error_code ec;
  if (options.use_system_trust_store) {
    context->set_default_verify_paths(ec);  // honours SSL_CERT_FILE / SSL_CERT_DIR
    if (ec) {
      return fail(ErrorKind::internal, "TlsSetup",
                  "cannot load the system trust store: " + ec.message());
    }
  }
  if (!options.extra_ca_pem.empty()) {
    context->add_certificate_authority(net::buffer(options.extra_ca_pem), ec);
    if (ec) {
      return fail(ErrorKind::invalid_argument, "TlsSetup",
                  "cannot load the extra CA certificates: " + ec.message());
    }
  }
  context->set_verify_mode(net::ssl::verify_peer);
  return context;
}

Task<Result<std::unique_ptr<Connection>>> open_connection(const net::any_io_executor& executor,
                                                          const Route& route,
                                                          net::ssl::context& tls,
                                                          const RequestOptions& options,
                                                          const Deadline& deadline) {
  const milliseconds connect_timeout = options.connect_timeout;
  const auto until = deadline.next(connect_timeout);
  const Url& hop = route.first_hop();

  auto endpoints = co_await resolve(executor, hop, until, deadline, connect_timeout);
  if (!endpoints) co_return std::unexpected(endpoints.error());

  TcpStream tcp(executor);
  tcp.expires_at(until);
  auto [ec, endpoint] = co_await tcp.async_connect(*endpoints, use_nothrow);
  if (ec == beast::error::timeout) {
    co_return std::unexpected(
        deadline.timeout_error("connect to", hop.host_and_port(), connect_timeout));
  }
  if (ec) co_return std::unexpected(io_error(ec, "connect to", hop.host_and_port()));
  tcp.socket().set_option(tcp::no_delay(true), ec);

  if (route.kind == Route::Kind::tunnel) {
    auto tunnel = co_await open_tunnel(tcp, route, until, deadline, connect_timeout);
    if (!tunnel) co_return std::unexpected(tunnel.error());
  }
  if (!route.target.is_https()) {
    co_return std::make_unique<Connection>(std::move(tcp), route.pool_key);
  }
  auto connection = std::make_unique<Connection>(TlsStream(std::move(tcp), tls), route.pool_key);
  auto shaken = co_await handshake(std::get<TlsStream>(connection->stream()), route.target, until,
                                   deadline, connect_timeout);
  if (!shaken) co_return std::unexpected(shaken.error());
  co_return connection;
}

Error io_error(const boost::system::error_code& ec, std::string_view what, std::string_view host) {
  if (ec == net::error::operation_aborted) return cancelled_error(host);
  Error e = Error::make(ErrorKind::connection, "ConnectionError",
                        std::string(what) + " " + std::string(host) + " failed: " + ec.message());
  if (ec == beast::http::error::end_of_stream || ec == net::error::eof ||
      ec == net::error::connection_reset || ec == net::error::connection_refused ||
      ec == net::error::broken_pipe || ec == net::ssl::error::stream_truncated) {
    e.retryable = true;
  }
  return e;
}

Error cancelled_error(std::string_view host) {
  return Error::make(ErrorKind::connection, "Cancelled",
                     "request to " + std::string(host) + " was cancelled");
}

}  // namespace smp::http::detail
