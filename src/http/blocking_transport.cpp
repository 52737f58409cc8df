#include "http/blocking_transport.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <optional>
#include <thread>

namespace smp::http {

namespace {

namespace net = boost::asio;

class BlockingTransport {
 public:
  explicit BlockingTransport(ClientOptions options)
      : work_(ioc_.get_executor()),
        client_(std::in_place, ioc_.get_executor(), std::move(options)) {
    thread_ = std::thread([this] { ioc_.run(); });
  }

  ~BlockingTransport() {
    client_.reset();  // closes pooled sockets while their io_context still exists
    work_.reset();
    ioc_.stop();
    thread_.join();
  }

  Result<HttpResponse> call(const HttpRequest& request, const aws::TransportOptions& options) {
    RequestOptions request_options;
    request_options.connect_timeout = options.connect_timeout;
    request_options.idle_timeout = options.read_timeout;
    auto future = net::co_spawn(ioc_, client_->send(request, request_options), net::use_future);
    try {
      return future.get();
    } catch (const std::exception& e) {
      return fail(ErrorKind::internal, "TransportError",
                  std::string("the HTTP exchange failed unexpectedly: ") + e.what());
    }
  }

 private:
  net::io_context ioc_;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work_;
  std::optional<Client> client_;
  std::thread thread_;
};

}  // namespace

aws::HttpTransport make_blocking_transport(ClientOptions options) {
  auto transport = std::make_shared<BlockingTransport>(std::move(options));
  return [transport](const HttpRequest& request, const aws::TransportOptions& options) {
    return transport->call(request, options);
  };
}

}  // namespace smp::http
