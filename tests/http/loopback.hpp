#pragma once
// Test support: an io_context thread for client coroutines, so tests can call the async client
// synchronously while the server under test runs on its own threads.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <optional>
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

}  // namespace smp::http::testing
