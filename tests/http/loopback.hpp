#pragma once
// Test support: an io_context thread for client coroutines, so tests can call the async client
// synchronously while the server under test runs on its own threads.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>
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
      boost::system::error_code ec;
      std::size_t n = socket_.read_some(boost::asio::buffer(buffer), ec);
      out.append(buffer, n);
      if (ec) {
        closed_ = ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset;
        return out;
      }
    }
  }

  // One response with a Content-Length body.
  std::string read_response() {
    std::string out;
    char c;
    while (out.find("\r\n\r\n") == std::string::npos) {
      boost::system::error_code ec;
      if (socket_.read_some(boost::asio::buffer(&c, 1), ec) != 1) return out;
      out += c;
    }
    std::size_t length = 0;
    if (auto at = lowercase(out).find("content-length:"); at != std::string::npos) {
      length = std::stoul(out.substr(at + 15));
    }
    std::string body(length, '\0');
    boost::system::error_code ec;
    boost::asio::read(socket_, boost::asio::buffer(body), ec);
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

}  // namespace smp::http::testing
