#pragma once
// Test support: an io_context thread for client coroutines, so tests can call the async client
// synchronously while the server under test runs on its own threads.
#include <sys/socket.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>
#include <cerrno>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <thread>

#include "http/client.hpp"
#include "http/server.hpp"

namespace smp::http::testing {

class IoThread {
 public:
  IoThread() : work_(ioc_.get_executor()), thread_([this] { ioc_.run(); }) {}
  ~IoThread() {
    work_.reset();
    ioc_.stop();
    thread_.join();
  }
  boost::asio::any_io_executor executor() { return ioc_.get_executor(); }

  // Runs the coroutine on this thread's io_context and blocks until it finishes.
  template <class T>
  T run(Task<T> task) {
    return boost::asio::co_spawn(ioc_, std::move(task), boost::asio::use_future).get();
  }

 private:
  boost::asio::io_context ioc_;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;
};

inline HttpRequest request(std::string method, std::string url, std::string body = {}) {
  HttpRequest r;
  r.method = std::move(method);
  r.url = std::move(url);
  r.body = std::move(body);
  return r;
}

// A client that ignores the proxy variables of the machine running the tests.
inline ClientOptions direct_client_options() {
  ClientOptions options;
  options.proxy = ProxySettings{};
  return options;
}

// Polls `condition` until it holds or `limit` passes; for states another thread reaches.
inline bool wait_until(const std::function<bool()>& condition,
                       std::chrono::milliseconds limit = std::chrono::seconds(10)) {
  auto end = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

// A blocking TCP connection that sends exactly the bytes a test gives it: for requests no
// well-behaved client would send.
class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port) : socket_(ioc_) {
    socket_.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    timeval timeout{10, 0};  // a broken server fails the test instead of hanging it
    setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }

  // One recv(2): Asio's blocking reads would poll past SO_RCVTIMEO. 0 on close, -1 on error.
  static long receive(int fd, char* data, std::size_t size) {
    long n;
    do {
      n = ::recv(fd, data, size, 0);
    } while (n < 0 && errno == EINTR);
    return n;
  }

  bool send(std::string_view bytes) {
    boost::system::error_code ec;
    boost::asio::write(socket_, boost::asio::buffer(bytes.data(), bytes.size()), ec);
    return !ec;
  }

  // Everything the server sends until it closes the connection (or 10 s of silence).
  std::string read_until_close() {
    std::string out;
    char buffer[4096];
    while (true) {
      long n = receive(socket_.native_handle(), buffer, sizeof buffer);
      if (n <= 0) {
        closed_ = n == 0 || errno == ECONNRESET;
        return out;
      }
      out.append(buffer, static_cast<std::size_t>(n));
    }
  }

  // One response with a Content-Length body.
  std::string read_response() {
    std::string out;
    char c;
    while (out.find("\r\n\r\n") == std::string::npos) {
      if (receive(socket_.native_handle(), &c, 1) != 1) return out;
      out += c;
    }
    std::size_t length = 0;
    if (auto at = lowercase(out).find("content-length:"); at != std::string::npos) {
      length = std::stoul(out.substr(at + 15));
    }
    std::string body;
    char buffer[4096];
    while (body.size() < length) {
      long n =
          receive(socket_.native_handle(), buffer, std::min(sizeof buffer, length - body.size()));
      if (n <= 0) break;
      body.append(buffer, static_cast<std::size_t>(n));
    }
    return out + body;
  }

  bool closed_by_peer() const { return closed_; }

 private:
  static std::string lowercase(std::string s) {
    for (char& c : s)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }

  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::socket socket_;
  bool closed_ = false;
};

// A server that answers every connection with canned bytes (read the request head, write the
// reply, close): for responses our own Server would never send.
class ScriptedServer {
 public:
  explicit ScriptedServer(std::string reply)
      : reply_(std::move(reply)), acceptor_(ioc_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    thread_ = std::thread([this] { serve(); });
  }
  ~ScriptedServer() {
    stopping_ = true;
    boost::system::error_code ec;
    boost::asio::ip::tcp::socket wake(ioc_);
    wake.connect(acceptor_.local_endpoint(), ec);
    thread_.join();
  }
  std::uint16_t port() const { return acceptor_.local_endpoint().port(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }

 private:
  void serve() {
    while (true) {
      boost::system::error_code ec;
      boost::asio::ip::tcp::socket socket(ioc_);
      acceptor_.accept(socket, ec);
      if (ec || stopping_) return;
      // A pooled client never closes: give up on it after a moment.
      timeval timeout{0, 500'000};
      setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
      std::string head;
      char c;
      int fd = socket.native_handle();
      while (head.find("\r\n\r\n") == std::string::npos && RawConnection::receive(fd, &c, 1) == 1) {
        head += c;
      }
      boost::asio::write(socket, boost::asio::buffer(reply_), ec);
      socket.shutdown(boost::asio::ip::tcp::socket::shutdown_send, ec);
      // Wait (briefly) for the client to close, so our close cannot reset the reply away.
      while (RawConnection::receive(fd, &c, 1) == 1) {
      }
    }
  }

  std::string reply_;
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace smp::http::testing
