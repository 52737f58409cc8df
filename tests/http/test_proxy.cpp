#include "test_proxy.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <thread>

#include "http/detail/coroutine_frame_warning.hpp"

namespace smp::http::testing {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;
constexpr auto nothrow = net::as_tuple(net::use_awaitable);

struct TestProxy::Impl {
  explicit Impl(int reject)
      : reject_with(reject), acceptor(ioc, {net::ip::make_address("127.0.0.1"), 0}) {}

  net::awaitable<void> accept_loop() {
    while (true) {
      auto [ec, socket] = co_await acceptor.async_accept(nothrow);
      if (ec) co_return;
      net::co_spawn(ioc, serve(std::move(socket)), net::detached);
    }
  }

  static net::awaitable<void> pump(tcp::socket& from, tcp::socket& to) {
    char buffer[16 * 1024];
    while (true) {
      auto [ec, n] = co_await from.async_read_some(net::buffer(buffer), nothrow);
      if (ec) co_return;
      auto [wec, written] = co_await net::async_write(to, net::buffer(buffer, n), nothrow);
      if (wec) co_return;
    }
  }

  net::awaitable<void> serve(tcp::socket client) {
    using namespace net::experimental::awaitable_operators;
    boost::beast::flat_buffer buffer;
    http::request_parser<http::empty_body> parser;
    auto [ec, n] = co_await http::async_read_header(client, buffer, parser, nothrow);
    if (ec) co_return;
    const auto& request = parser.get();
    {
      std::lock_guard lock(mutex);
      seen.push_back(
          {std::string(request.method_string()) + " " + std::string(request.target()) + " HTTP/1.1",
           std::string(request[http::field::proxy_authorization])});
    }
    if (reject_with != 0) {
      std::string answer = "HTTP/1.1 " + std::to_string(reject_with) +
                           " Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n";
      co_await net::async_write(client, net::buffer(answer), nothrow);
      co_return;
    }
    if (request.method() != http::verb::connect) {
      std::string body = "proxied " + std::string(request.target());
      std::string answer =
          "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) +
          "\r\n\r\n" + body;
      co_await net::async_write(client, net::buffer(answer), nothrow);
      co_return;
    }
    std::string target(request.target());
    auto colon = target.rfind(':');
    tcp::resolver resolver(ioc);
    auto [rec, endpoints] =
        co_await resolver.async_resolve(target.substr(0, colon), target.substr(colon + 1), nothrow);
    tcp::socket upstream(ioc);
    if (!rec) {
      auto [cec, endpoint] = co_await net::async_connect(upstream, endpoints, nothrow);
      rec = cec;
    }
    if (rec) {
      std::string answer = "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n";
      co_await net::async_write(client, net::buffer(answer), nothrow);
      co_return;
    }
    std::string established = "HTTP/1.1 200 Connection Established\r\n\r\n";
    co_await net::async_write(client, net::buffer(established), nothrow);
    co_await (pump(client, upstream) || pump(upstream, client));
  }

  int reject_with;
  net::io_context ioc;
  tcp::acceptor acceptor;
  std::thread thread;
  mutable std::mutex mutex;
  std::vector<Seen> seen;
};

TestProxy::TestProxy(int reject_with) : impl_(std::make_unique<Impl>(reject_with)) {
  net::co_spawn(impl_->ioc, impl_->accept_loop(), net::detached);
  impl_->thread = std::thread([this] { impl_->ioc.run(); });
}

TestProxy::~TestProxy() {
  impl_->ioc.stop();
  impl_->thread.join();
}

std::uint16_t TestProxy::port() const {
  return impl_->acceptor.local_endpoint().port();
}

std::vector<TestProxy::Seen> TestProxy::seen() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->seen;
}

}  // namespace smp::http::testing
