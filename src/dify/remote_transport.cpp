// The remote debugging runtime (dify-plugin-protocol.md §4): we connect to the daemon's TCP port,
// register (handshake, manifest, model declaration, icons, end — nothing else before `end`), then
// speak the common protocol with heartbeats every 10 s. On loss we reconnect and register again.
#include <fmt/format.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/parse.hpp>
#include <deque>
#include <mutex>

#include "dify/declarations.hpp"
#include "dify/transports.hpp"

namespace smp::dify {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

// Lines to one TCP connection, written in order by one writer coroutine on the socket's strand.
class TcpLineSink final : public LineSink, public std::enable_shared_from_this<TcpLineSink> {
 public:
  explicit TcpLineSink(asio::strand<asio::any_io_executor> strand)
      : socket_(strand), strand_(strand), wakeup_(strand) {
    wakeup_.expires_at(asio::steady_timer::time_point::max());
  }

  tcp::socket& socket() { return socket_; }

  void start() {
    asio::co_spawn(
        strand_, [self = shared_from_this()] { return self->writer(); }, asio::detached);
  }

  http::Task<Result<void>> write(std::string line) override {
    {
      std::lock_guard lock(mutex_);
      if (closed_)
        co_return fail(ErrorKind::connection, "ConnectionClosed",
                       "the daemon connection is closed");
      queued_bytes_ += line.size();
      queue_.push_back(std::move(line));
    }
    asio::post(strand_, [self = shared_from_this()] { self->wakeup_.cancel(); });
    asio::steady_timer timer(co_await asio::this_coro::executor);
    for (;;) {
      {
        std::lock_guard lock(mutex_);
        if (closed_)
          co_return fail(ErrorKind::connection, "ConnectionClosed",
                         "the daemon connection is closed");
        if (queued_bytes_ <= 16 * 1024 * 1024) break;
      }
      timer.expires_after(std::chrono::milliseconds(5));
      co_await timer.async_wait(asio::use_awaitable);
    }
    co_return Result<void>{};
  }

  void close() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
      queue_.clear();
      queued_bytes_ = 0;
    }
    asio::post(strand_, [self = shared_from_this()] { self->wakeup_.cancel(); });
  }

 private:
  http::Task<void> writer() {
    for (;;) {
      std::string line;
      {
        std::lock_guard lock(mutex_);
        if (closed_) co_return;
        if (!queue_.empty()) {
          line = std::move(queue_.front());
          queue_.pop_front();
        }
      }
      if (line.empty()) {
        boost::system::error_code ec;
        wakeup_.expires_at(asio::steady_timer::time_point::max());
        co_await wakeup_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        continue;
      }
      boost::system::error_code ec;
      co_await asio::async_write(socket_, asio::buffer(line),
                                 asio::redirect_error(asio::use_awaitable, ec));
      std::lock_guard lock(mutex_);
      queued_bytes_ -= std::min(queued_bytes_, line.size());
      if (ec) {
        closed_ = true;
        queue_.clear();
        co_return;
      }
    }
  }

  tcp::socket socket_;
  asio::strand<asio::any_io_executor> strand_;
  asio::steady_timer wakeup_;
  std::mutex mutex_;
  std::deque<std::string> queue_;
  std::size_t queued_bytes_ = 0;
  bool closed_ = false;
};

// One connection: register, then serve until it drops. Returns whether registration was sent
// (so a connection that then served counts as a success for the reconnect budget).
http::Task<bool> serve_connection(Runtime& runtime, const RemoteOptions& options,
                                  const std::vector<std::string>& registration) {
  auto executor = co_await asio::this_coro::executor;
  auto strand = asio::make_strand(executor);
  // The sink owns the socket: sessions still writing after a loss keep it alive.
  auto sink = std::make_shared<TcpLineSink>(strand);
  tcp::socket& socket = sink->socket();
  tcp::resolver resolver(strand);
  boost::system::error_code ec;
  auto endpoints = co_await resolver.async_resolve(options.host, std::to_string(options.port),
                                                   asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    std::fprintf(stderr, "dify: cannot resolve %s: %s\n", options.host.c_str(),
                 ec.message().c_str());
    co_return false;
  }
  co_await asio::async_connect(socket, endpoints, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    std::fprintf(stderr, "dify: cannot connect to %s:%u: %s\n", options.host.c_str(),
                 static_cast<unsigned>(options.port), ec.message().c_str());
    co_return false;
  }
  socket.set_option(tcp::no_delay(true), ec);
  // Registration: written directly, in order, before any other line can be.
  std::string hello = handshake_line(options.key);
  for (const auto& line : registration)
    hello += line;
  co_await asio::async_write(socket, asio::buffer(hello),
                             asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    std::fprintf(stderr, "dify: registration failed: %s\n", ec.message().c_str());
    co_return false;
  }
  std::fprintf(stderr, "dify: registered with the daemon at %s:%u\n", options.host.c_str(),
               static_cast<unsigned>(options.port));
  sink->start();
  co_await sink->write(heartbeat_line());
  auto open = std::make_shared<std::atomic<bool>>(true);
  asio::co_spawn(
      strand,
      [sink, open, interval = options.heartbeat_interval,
       runtime = &runtime]() -> http::Task<void> {
        asio::steady_timer timer(co_await asio::this_coro::executor);
        while (*open) {
          timer.expires_after(interval);
          boost::system::error_code tec;
          co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, tec));
          if (!*open) break;
          if (!co_await sink->write(heartbeat_line())) break;
          runtime->release_memory_if_idle();
        }
      },
      asio::detached);

  std::string buffer;
  for (;;) {
    const std::size_t n =
        co_await asio::async_read_until(socket, asio::dynamic_buffer(buffer, kMaxInputLineBytes),
                                        '\n', asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    std::string_view line(buffer.data(), n - 1);
    // The daemon answers registration failures as plain text, then closes.
    if (!line.empty() && line.front() != '{' &&
        line.find_first_not_of(" \t\r") != std::string_view::npos) {
      std::fprintf(stderr, "dify: daemon: %.*s\n",
                   static_cast<int>(std::min<std::size_t>(line.size(), 500)), line.data());
    } else {
      runtime.on_line(line, sink);
    }
    buffer.erase(0, n);
  }
  *open = false;
  sink->close();
  if (ec == asio::error::not_found) {
    std::fprintf(stderr, "dify: a daemon line exceeded %zu bytes; reconnecting\n",
                 kMaxInputLineBytes);
  } else {
    std::fprintf(stderr, "dify: connection to the daemon lost: %s\n", ec.message().c_str());
  }
  boost::system::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
  co_return true;
}

}  // namespace

int run_remote(asio::io_context& io, Runtime& runtime, RemoteOptions options) {
  if (options.key.empty()) {
    std::fprintf(
        stderr, "dify: INSTALL_METHOD=remote needs REMOTE_INSTALL_KEY (Plugins → Debug in Dify)\n");
    return 2;
  }
  auto declarations = load_declarations();
  if (!declarations) {
    std::fprintf(stderr, "dify: %s\n", declarations.error().describe().c_str());
    return 1;
  }
  auto registration = registration_lines(*declarations);
  if (!registration) {
    std::fprintf(stderr, "dify: %s\n", registration.error().describe().c_str());
    return 1;
  }
  int exit_code = 0;
  asio::co_spawn(
      io,
      [&]() -> http::Task<void> {
        int failures = 0;
        asio::steady_timer timer(io);
        for (;;) {
          const auto started = std::chrono::steady_clock::now();
          const bool registered = co_await serve_connection(runtime, options, *registration);
          // A connection that lived a while was a success: the budget is for consecutive failures.
          if (registered && std::chrono::steady_clock::now() - started > std::chrono::seconds(30))
            failures = 0;
          if (++failures > options.reconnect_attempts) {
            std::fprintf(stderr, "dify: giving up after %d attempts\n", failures);
            exit_code = 1;
            break;
          }
          timer.expires_after(options.reconnect_delay);
          co_await timer.async_wait(asio::use_awaitable);
          std::fprintf(stderr, "dify: reconnecting (attempt %d of %d)\n", failures,
                       options.reconnect_attempts);
        }
        io.stop();
      },
      asio::detached);
  io.run();
  return exit_code;
}

}  // namespace smp::dify
