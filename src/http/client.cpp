// Client: routing, pooling and the one stale-connection retry around detail::exchange.
#include "http/client.hpp"

#include <atomic>
#include <boost/asio/this_coro.hpp>
#include <boost/system/system_error.hpp>

#include "http/detail/connection.hpp"
#include "http/detail/connection_pool.hpp"
#include "http/detail/coroutine_frame_warning.hpp"
#include "http/detail/exchange.hpp"

namespace smp::http {

using namespace detail;

struct Client::Impl {
  Impl(net::any_io_executor ex, ClientOptions opts)
      : executor(std::move(ex)),
        options(std::move(opts)),
        tls(make_tls_context(options)),
        proxy(options.proxy ? Result<ProxySettings>(*options.proxy)
                            : ProxySettings::from_environment(
                                  options.environment ? *options.environment
                                                      : ProcessEnvironment::instance())),
        pool(options.max_idle_per_host, options.max_idle_time) {}

  Task<Result<ResponseHead>> run(HttpRequest request, RequestOptions request_options,
                                 const HeadHandler& on_head, const BodySink& on_body);

  net::any_io_executor executor;
  ClientOptions options;
  Result<std::shared_ptr<net::ssl::context>> tls;
  Result<ProxySettings> proxy;
  ConnectionPool pool;
  std::atomic<std::size_t> opened{0};
  std::atomic<std::size_t> reused{0};
  std::atomic<std::size_t> stale_retries{0};
};

namespace {

// The peer closed an idle pooled connection under us: the request never reached a live server.
bool stale_connection_failure(const ExchangeResult& result, const Connection& connection) {
  return !result.head && connection.reused && !result.response_started &&
         result.head.error().kind == ErrorKind::connection &&
         result.head.error().code != "Cancelled";
}

}  // namespace

Task<Result<ResponseHead>> Client::Impl::run(HttpRequest request, RequestOptions request_options,
                                             const HeadHandler& on_head, const BodySink& on_body) {
  auto url = parse_url(request.url);
  if (!url) co_return std::unexpected(url.error());
  if (!proxy) co_return std::unexpected(proxy.error());
  if (url->is_https() && !tls) co_return std::unexpected(tls.error());

  const Route route = Route::make(*url, proxy->proxy_for(*url));
  auto outgoing = prepare_request(std::move(request), route, options.user_agent);
  if (!outgoing) co_return std::unexpected(outgoing.error());
  const Deadline deadline(request_options.idle_timeout, request_options.total_timeout);

  try {
    for (int attempt = 0;; ++attempt) {
      std::unique_ptr<Connection> connection = attempt == 0 ? pool.take(route.pool_key) : nullptr;
      if (connection) {
        ++reused;
      } else {
        auto opened_connection =
            co_await open_connection(executor, route, **tls, request_options, deadline);
        if (!opened_connection) co_return std::unexpected(opened_connection.error());
        connection = std::move(*opened_connection);
        ++opened;
      }
      auto result = co_await exchange(*connection, *outgoing, deadline, request_options.body_limit,
                                      on_head, on_body);
      if (attempt == 0 && stale_connection_failure(result, *connection)) {
        ++stale_retries;
        continue;
      }
      if (result.reusable) {
        connection->reused = true;
        connection->idle_since = SteadyClock::now();
        pool.put(std::move(connection));
      }
      co_return std::move(result.head);
    }
  } catch (const boost::system::system_error& e) {
    // A cancelled coroutine that awaits again throws operation_aborted (Asio's
    // throw_if_cancelled); the connection is already closed by then.
    if (e.code() == net::error::operation_aborted)
      co_return std::unexpected(cancelled_error(url->authority()));
    throw;
  }
}

Client::Client(boost::asio::any_io_executor executor, ClientOptions options)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(options))) {}

Client::~Client() = default;

Task<Result<HttpResponse>> Client::send(HttpRequest request, RequestOptions options) {
  auto impl = impl_;
  if (!options.body_limit) options.body_limit = default_body_limit;
  const std::size_t limit = *options.body_limit;
  HttpResponse response;
  HeadHandler on_head = [&response, limit](const ResponseHead& head) -> Task<Result<void>> {
    if (auto length = head.headers.get("content-length")) {
      std::size_t n = 0;
      for (char c : *length) {
        if (c < '0' || c > '9' || n > limit) break;
        n = n * 10 + static_cast<std::size_t>(c - '0');
      }
      response.body.reserve(std::min(n, limit));
    }
    co_return Result<void>{};
  };
  BodySink on_body = [&response](std::string_view bytes) -> Task<Result<void>> {
    response.body.append(bytes);
    co_return Result<void>{};
  };
  auto head = co_await impl->run(std::move(request), options, on_head, on_body);
  if (!head) co_return std::unexpected(std::move(head.error()));
  response.status = head->status;
  response.headers = std::move(head->headers);
  co_return response;
}

Task<Result<ResponseHead>> Client::send_streaming(HttpRequest request, RequestOptions options,
                                                  BodySink on_body, HeadHandler on_head) {
  auto impl = impl_;
  co_return co_await impl->run(std::move(request), options, on_head, on_body);
}

void Client::close_idle_connections() {
  impl_->pool.clear();
}

ClientStats Client::stats() const {
  return ClientStats{.connections_opened = impl_->opened.load(),
                     .connections_reused = impl_->reused.load(),
                     .stale_retries = impl_->stale_retries.load(),
                     .idle_connections = impl_->pool.idle_count()};
}

const boost::asio::any_io_executor& Client::executor() const {
  return impl_->executor;
}

}  // namespace smp::http
