// The aws layer's blocking transport on the async client.
#include "http/blocking_transport.hpp"

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "http/router.hpp"
#include "loopback.hpp"

namespace smp::http {
namespace {

using namespace std::chrono_literals;
namespace net = boost::asio;

class BlockingTransport : public ::testing::Test {
 protected:
  void SetUp() override {
    // IMDSv2's shape: a PUT for a token, then a GET that must carry it.
    router.put("/latest/api/token", [](ServerRequest& r, ResponseWriter& w) -> Task<void> {
      if (!r.headers.get("x-aws-ec2-metadata-token-ttl-seconds")) {
        co_await w.send(400, "missing ttl");
        co_return;
      }
      co_await w.send(200, "TOKEN");
    });
    router.get("/latest/meta-data/iam/security-credentials/",
               [](ServerRequest& r, ResponseWriter& w) -> Task<void> {
                 co_await w.send(r.headers.get("x-aws-ec2-metadata-token") == "TOKEN" ? 200 : 401,
                                 "role-name");
               });
    router.get("/slow", [](ServerRequest&, ResponseWriter& w) -> Task<void> {
      net::steady_timer timer(co_await net::this_coro::executor, 5s);
      co_await timer.async_wait(net::as_tuple(net::use_awaitable));
      co_await w.send(200, "late");
    });
    server.emplace(ServerOptions{}, router.handler());
    ASSERT_TRUE(server->start());
    transport = make_blocking_transport(testing::direct_client_options());
  }

  Router router;
  std::optional<Server> server;
  aws::HttpTransport transport;
};

TEST_F(BlockingTransport, TokenThenCredentialsLikeImds) {
  HttpRequest put = testing::request("PUT", server->url() + "/latest/api/token");
  put.headers.add("x-aws-ec2-metadata-token-ttl-seconds", "21600");
  auto token = transport(put, {});
  ASSERT_TRUE(token) << token.error().describe();
  EXPECT_EQ(token->status, 200);

  HttpRequest get =
      testing::request("GET", server->url() + "/latest/meta-data/iam/security-credentials/");
  get.headers.add("x-aws-ec2-metadata-token", token->body);
  auto role = transport(get, {});
  ASSERT_TRUE(role);
  EXPECT_EQ(role->status, 200);
  EXPECT_EQ(role->body, "role-name");
}

TEST_F(BlockingTransport, ReadTimeoutComesBackAsATimeoutError) {
  aws::TransportOptions options;
  options.read_timeout = 200ms;
  auto response = transport(testing::request("GET", server->url() + "/slow"), options);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::timeout);
}

TEST_F(BlockingTransport, CallsFromSeveralThreadsAtOnce) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      HttpRequest put = testing::request("PUT", server->url() + "/latest/api/token");
      put.headers.add("x-aws-ec2-metadata-token-ttl-seconds", "60");
      for (int j = 0; j < 5; ++j) {
        auto r = transport(put, {});
        if (r && r->body == "TOKEN") ++ok;
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_EQ(ok.load(), 20);
}

}  // namespace
}  // namespace smp::http
