// Server::stop: requests in flight finish within the drain time; after it they are cancelled.
#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "http/router.hpp"
#include "loopback.hpp"

namespace smp::http {
namespace {

using namespace std::chrono_literals;
using testing::IoThread;
using testing::request;
using testing::wait_until;
namespace net = boost::asio;

struct SetOnExit {
  std::atomic<bool>& flag;
  ~SetOnExit() { flag = true; }
};

class GracefulStop : public ::testing::Test {
 protected:
  void SetUp() override {
    router.get("/slow", [this](ServerRequest&, ResponseWriter& w) -> Task<void> {
      started = true;
      net::steady_timer timer(co_await net::this_coro::executor, 300ms);
      co_await timer.async_wait(net::as_tuple(net::use_awaitable));
      co_await w.send(200, "finished");
    });
    router.get("/forever", [this](ServerRequest&, ResponseWriter& w) -> Task<void> {
      SetOnExit exit{forever_exited};
      started = true;
      co_await w.begin_stream(200, {});
      net::steady_timer timer(co_await net::this_coro::executor, 1h);
      co_await timer.async_wait(net::as_tuple(net::use_awaitable));
    });
    router.get("/quick", [](ServerRequest&, ResponseWriter& w) -> Task<void> {
      co_await w.send(200, "quick");
    });
    server.emplace(ServerOptions{}, router.handler());
    ASSERT_TRUE(server->start());
  }

  Router router;
  std::atomic<bool> started{false};
  std::atomic<bool> forever_exited{false};
  std::optional<Server> server;
  IoThread io;
  Client client{io.executor(), testing::direct_client_options()};
};

TEST_F(GracefulStop, RequestInFlightFinishesAndNewConnectionsAreRefused) {
  // An idle keep-alive connection too: stop closes it at once.
  ASSERT_TRUE(io.run(client.send(request("GET", server->url() + "/quick"))));
  Client other(io.executor(), testing::direct_client_options());
  auto in_flight = net::co_spawn(io.executor(), other.send(request("GET", server->url() + "/slow")),
                                 net::use_future);
  ASSERT_TRUE(wait_until([&] { return started.load(); }));
  std::string url = server->url();
  server->stop(5s);

  auto response = in_flight.get();
  ASSERT_TRUE(response) << response.error().describe();
  EXPECT_EQ(response->body, "finished");
  EXPECT_EQ(response->headers.get("connection"), "close");
  EXPECT_EQ(server->open_connections(), 0u);

  auto refused = io.run(other.send(request("GET", url + "/quick")));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::connection);
}

TEST_F(GracefulStop, HandlersStillRunningAfterTheDrainAreCancelled) {
  auto in_flight =
      net::co_spawn(io.executor(),
                    client.send_streaming(
                        request("GET", server->url() + "/forever"), {},
                        [](std::string_view) -> Task<Result<void>> { co_return Result<void>{}; }),
                    net::use_future);
  ASSERT_TRUE(wait_until([&] { return started.load(); }));
  server->stop(100ms);
  EXPECT_TRUE(forever_exited.load());
  auto head = in_flight.get();
  ASSERT_FALSE(head);
  EXPECT_EQ(head.error().kind, ErrorKind::connection);
}

TEST_F(GracefulStop, WaitReturnsOnceStopped) {
  std::thread stopper([&] {
    std::this_thread::sleep_for(50ms);
    server->stop();
  });
  server->wait();
  stopper.join();
  server->stop();  // a second stop is harmless
  SUCCEED();
}

}  // namespace
}  // namespace smp::http
