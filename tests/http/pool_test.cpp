// The client's keep-alive pool: reuse, the idle bound, expiry and the stale-connection retry.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <future>

#include "http/router.hpp"
#include "loopback.hpp"

namespace smp::http {
namespace {

using testing::IoThread;
using testing::request;
using testing::wait_until;

Task<void> ok(ServerRequest&, ResponseWriter& w) {
  co_await w.send(200, "ok");
}

TEST(Pool, IdleConnectionsAreBoundedPerHost) {
  constexpr int parallel = 5;
  std::atomic<int> arrived{0};
  Router router;
  // Holds every request until all of them are in flight, so each needs its own connection.
  router.get("/gate", [&](ServerRequest&, ResponseWriter& w) -> Task<void> {
    ++arrived;
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
    while (arrived.load() < parallel) {
      timer.expires_after(std::chrono::milliseconds(5));
      co_await timer.async_wait(boost::asio::use_awaitable);
    }
    co_await w.send(200, "ok");
  });
  ServerOptions server_options;
  server_options.threads = 2;
  Server server(server_options, router.handler());
  ASSERT_TRUE(server.start());

  IoThread io;
  auto options = testing::direct_client_options();
  options.max_idle_per_host = 2;
  Client client(io.executor(), options);
  std::vector<std::future<Result<HttpResponse>>> responses;
  for (int i = 0; i < parallel; ++i) {
    responses.push_back(boost::asio::co_spawn(io.executor(),
                                              client.send(request("GET", server.url() + "/gate")),
                                              boost::asio::use_future));
  }
  for (auto& r : responses) {
    auto response = r.get();
    ASSERT_TRUE(response) << response.error().describe();
    EXPECT_EQ(response->status, 200);
  }
  EXPECT_EQ(client.stats().connections_opened, std::size_t{parallel});
  EXPECT_EQ(client.stats().idle_connections, 2u);
  // The three connections that did not fit were closed, and the server notices.
  EXPECT_TRUE(wait_until([&] { return server.open_connections() == 2; }));
}

TEST(Pool, HostsDoNotShareConnections) {
  Router router;
  router.get("/", ok);
  Server server(ServerOptions{}, router.handler());
  ASSERT_TRUE(server.start());
  IoThread io;
  Client client(io.executor(), testing::direct_client_options());
  std::string port = std::to_string(server.port());
  ASSERT_TRUE(io.run(client.send(request("GET", "http://127.0.0.1:" + port + "/"))));
  ASSERT_TRUE(io.run(client.send(request("GET", "http://localhost:" + port + "/"))));
  ASSERT_TRUE(io.run(client.send(request("GET", "http://127.0.0.1:" + port + "/"))));
  EXPECT_EQ(client.stats().connections_opened, 2u);
  EXPECT_EQ(client.stats().connections_reused, 1u);
}

TEST(Pool, ConnectionsIdleTooLongAreNotReused) {
  Router router;
  router.get("/", ok);
  Server server(ServerOptions{}, router.handler());
  ASSERT_TRUE(server.start());
  IoThread io;
  auto options = testing::direct_client_options();
  options.max_idle_time = std::chrono::milliseconds(0);
  Client client(io.executor(), options);
  ASSERT_TRUE(io.run(client.send(request("GET", server.url() + "/"))));
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ASSERT_TRUE(io.run(client.send(request("GET", server.url() + "/"))));
  EXPECT_EQ(client.stats().connections_opened, 2u);
  EXPECT_EQ(client.stats().connections_reused, 0u);
}

TEST(Pool, ConnectionClosedByTheServerWhileIdleIsRetriedOnceOnAFreshOne) {
  Router router;
  std::atomic<int> served{0};
  router.post("/once", [&](ServerRequest& r, ResponseWriter& w) -> Task<void> {
    ++served;
    co_await w.send(200, "got " + r.body);
  });
  ServerOptions server_options;
  server_options.keep_alive_timeout = std::chrono::milliseconds(100);
  Server server(server_options, router.handler());
  ASSERT_TRUE(server.start());
  IoThread io;
  Client client(io.executor(), testing::direct_client_options());

  ASSERT_TRUE(io.run(client.send(request("POST", server.url() + "/once", "a"))));
  ASSERT_EQ(client.stats().idle_connections, 1u);
  // The server drops the idle connection; the client's pool still holds it.
  ASSERT_TRUE(wait_until([&] { return server.open_connections() == 0; }));

  auto second = io.run(client.send(request("POST", server.url() + "/once", "b")));
  ASSERT_TRUE(second) << second.error().describe();
  EXPECT_EQ(second->body, "got b");
  EXPECT_EQ(client.stats().stale_retries, 1u);
  EXPECT_EQ(client.stats().connections_opened, 2u);
  EXPECT_EQ(served.load(), 2);  // the request reached the server exactly once
}

TEST(Pool, ResponsesWithConnectionCloseAreNotPooled) {
  Router router;
  router.get("/", [](ServerRequest&, ResponseWriter& w) -> Task<void> {
    HttpResponse r;
    r.status = 200;
    r.headers.add("Connection", "close");
    co_await w.send(std::move(r));
  });
  Server server(ServerOptions{}, router.handler());
  ASSERT_TRUE(server.start());
  IoThread io;
  Client client(io.executor(), testing::direct_client_options());
  ASSERT_TRUE(io.run(client.send(request("GET", server.url() + "/"))));
  EXPECT_EQ(client.stats().idle_connections, 0u);
  ASSERT_TRUE(io.run(client.send(request("GET", server.url() + "/"))));
  EXPECT_EQ(client.stats().connections_opened, 2u);
  EXPECT_EQ(client.stats().stale_retries, 0u);
}

TEST(Pool, CloseIdleConnectionsEmptiesThePool) {
  Router router;
  router.get("/", ok);
  Server server(ServerOptions{}, router.handler());
  ASSERT_TRUE(server.start());
  IoThread io;
  Client client(io.executor(), testing::direct_client_options());
  ASSERT_TRUE(io.run(client.send(request("GET", server.url() + "/"))));
  client.close_idle_connections();
  EXPECT_EQ(client.stats().idle_connections, 0u);
  EXPECT_TRUE(wait_until([&] { return server.open_connections() == 0; }));
}

}  // namespace
}  // namespace smp::http
