// Server lifecycle: listening, accepting, counting connections and the graceful stop.
#include "http/server.hpp"

#include <openssl/ssl.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/detail/server_session.hpp"

namespace smp::http {

using namespace detail;

namespace {

Result<std::unique_ptr<net::ssl::context>> make_server_tls_context(
    const ServerTlsOptions& options) {
  auto context = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
  SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
  boost::system::error_code ec;
  context->use_certificate_chain(net::buffer(options.certificate_chain_pem), ec);
  if (!ec)
    context->use_private_key(net::buffer(options.private_key_pem), net::ssl::context::pem, ec);
  if (ec) {
    return fail(ErrorKind::invalid_argument, "TlsSetup",
                "cannot use the server certificate or key: " + ec.message());
  }
  return context;
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions opts, Handler h)
      : options(std::move(opts)),
        handler(std::move(h)),
        context{options, handler, stopping},
        ioc(static_cast<int>(std::max<std::size_t>(options.threads, 1))),
        accept_strand(net::make_strand(ioc)),
        acceptor(accept_strand) {}

  Task<void> accept_loop();
  void add_session(const std::shared_ptr<Session>& session);
  void remove_session(Session* session);
  std::vector<std::shared_ptr<Session>> live_sessions();
  template <class F>
  void post_to_sessions(F f);
  bool wait_for_sessions(std::chrono::steady_clock::time_point until);

  // Declared before the io_context: session frames that die with it still reference these.
  ServerOptions options;
  Handler handler;
  std::atomic<bool> stopping{false};
  SessionContext context;
  std::uint16_t port = 0;
  std::unique_ptr<net::ssl::context> tls;  // when options.tls is set

  mutable std::mutex mutex;
  std::condition_variable changed;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
  enum class Phase { created, running, stopping, stopped } phase = Phase::created;

  net::io_context ioc;
  net::strand<net::io_context::executor_type> accept_strand;
  tcp::acceptor acceptor;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  std::vector<std::thread> threads;
};

Task<void> Server::Impl::accept_loop() {
  while (true) {
    auto [ec, socket] =
        co_await acceptor.async_accept(net::any_io_executor(net::make_strand(ioc)), use_nothrow);
    if (stopping.load() || ec == net::error::operation_aborted || !acceptor.is_open()) break;
    if (ec) {
      // Out of file descriptors and the like: back off instead of spinning.
      net::steady_timer pause(accept_strand, std::chrono::milliseconds(50));
      co_await pause.async_wait(use_nothrow);
      continue;
    }
    bool full;
    {
      std::lock_guard lock(mutex);
      full = sessions.size() >= options.max_connections;
    }
    if (full) {
      static constexpr std::string_view busy =
          "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      boost::system::error_code ignored;
      net::write(socket, net::buffer(busy), ignored);  // a few bytes into an empty send buffer
      socket.close(ignored);
      continue;
    }
    auto session = make_session(std::move(socket), context, tls.get());
    add_session(session);
    net::co_spawn(session->executor(), session->run(),
                  [this, session](std::exception_ptr) { remove_session(session.get()); });
  }
}

void Server::Impl::add_session(const std::shared_ptr<Session>& session) {
  std::lock_guard lock(mutex);
  sessions.emplace(session.get(), session);
}

void Server::Impl::remove_session(Session* session) {
  std::lock_guard lock(mutex);
  sessions.erase(session);
  changed.notify_all();
}

std::vector<std::shared_ptr<Session>> Server::Impl::live_sessions() {
  std::vector<std::shared_ptr<Session>> out;
  std::lock_guard lock(mutex);
  for (auto& [raw, weak] : sessions) {
    if (auto session = weak.lock()) out.push_back(std::move(session));
  }
  return out;
}

template <class F>
void Server::Impl::post_to_sessions(F f) {
  for (auto& session : live_sessions()) {
    net::post(session->executor(), [session, f] { f(*session); });
  }
}

bool Server::Impl::wait_for_sessions(std::chrono::steady_clock::time_point until) {
  std::unique_lock lock(mutex);
  return changed.wait_until(lock, until, [&] { return sessions.empty(); });
}

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_shared<Impl>(std::move(options), std::move(handler))) {}

Server::~Server() {
  stop(std::chrono::milliseconds(0));
}

Result<void> Server::start() {
  Impl& s = *impl_;
  {
    std::lock_guard lock(s.mutex);
    if (s.phase != Impl::Phase::created) {
      return fail(ErrorKind::internal, "ServerState", "the server was already started");
    }
  }
  boost::system::error_code ec;
  const std::string where = s.options.host + ":" + std::to_string(s.options.port);
  auto address = net::ip::make_address(s.options.host, ec);
  if (ec) {
    tcp::resolver resolver(s.ioc);
    auto results = resolver.resolve(s.options.host, std::to_string(s.options.port), ec);
    if (ec || results.empty()) {
      return fail(ErrorKind::invalid_argument, "BindFailed", "cannot resolve " + where);
    }
    address = results.begin()->endpoint().address();
  }
  if (s.options.tls) {
    auto tls = make_server_tls_context(*s.options.tls);
    if (!tls) return std::unexpected(tls.error());
    s.tls = std::move(*tls);
  }
  tcp::endpoint endpoint(address, s.options.port);
  s.acceptor.open(endpoint.protocol(), ec);
  if (!ec) s.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) s.acceptor.bind(endpoint, ec);
  if (!ec) s.acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    boost::system::error_code ignored;
    s.acceptor.close(ignored);
    return fail(ErrorKind::connection, "BindFailed",
                "cannot listen on " + where + ": " + ec.message());
  }
  s.port = s.acceptor.local_endpoint().port();

  s.work.emplace(s.ioc.get_executor());
  net::co_spawn(s.accept_strand, s.accept_loop(), net::detached);
  for (std::size_t i = 0; i < std::max<std::size_t>(s.options.threads, 1); ++i) {
    s.threads.emplace_back([&s] { s.ioc.run(); });
  }
  std::lock_guard lock(s.mutex);
  s.phase = Impl::Phase::running;
  return {};
}

std::uint16_t Server::port() const {
  return impl_->port;
}

std::string Server::url() const {
  const std::string& host = impl_->options.host;
  bool v6 = host.find(':') != std::string::npos;
  return (impl_->options.tls ? "https://" : "http://") + (v6 ? "[" + host + "]" : host) + ":" +
         std::to_string(impl_->port);
}

void Server::stop(std::chrono::milliseconds drain) {
  Impl& s = *impl_;
  {
    std::lock_guard lock(s.mutex);
    if (s.phase != Impl::Phase::running) return;
    s.phase = Impl::Phase::stopping;
  }
  s.stopping.store(true);
  net::post(s.accept_strand, [&s] {
    boost::system::error_code ignored;
    s.acceptor.close(ignored);
  });
  s.post_to_sessions([](Session& session) { session.close_if_idle(); });
  auto deadline = std::chrono::steady_clock::now() + drain;
  if (!s.wait_for_sessions(deadline)) {
    s.post_to_sessions([](Session& session) { session.close_now(); });
    // Handlers see their awaits cancelled; give them a moment to unwind.
    s.wait_for_sessions(std::chrono::steady_clock::now() + std::chrono::seconds(2));
  }
  s.work.reset();
  s.ioc.stop();
  for (auto& thread : s.threads)
    thread.join();
  s.threads.clear();
  std::lock_guard lock(s.mutex);
  s.phase = Impl::Phase::stopped;
  s.changed.notify_all();
}

void Server::wait() {
  Impl& s = *impl_;
  std::unique_lock lock(s.mutex);
  s.changed.wait(
      lock, [&] { return s.phase == Impl::Phase::stopped || s.phase == Impl::Phase::created; });
}

boost::asio::any_io_executor Server::executor() const {
  return impl_->ioc.get_executor();
}

std::size_t Server::open_connections() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->sessions.size();
}

}  // namespace smp::http
