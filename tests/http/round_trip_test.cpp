// Client and server against each other over loopback: whole and streamed bodies, routing.
#include <gtest/gtest.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "http/router.hpp"
#include "loopback.hpp"

namespace smp::http {
namespace {

using testing::IoThread;
using testing::request;

class RoundTrip : public ::testing::Test {
 protected:
  void SetUp() override {
    router.post("/endpoints/{name}/invocations",
                [](ServerRequest& req, ResponseWriter& w) -> Task<void> {
                  HttpResponse r;
                  r.status = 200;
                  r.headers.add("Content-Type", "application/json");
                  r.headers.add("X-Endpoint", std::string(req.path_param("name").value_or("?")));
                  r.body = "echo:" + req.body;
                  co_await w.send(std::move(r));
                });
    router.get("/chunks/{count}", [](ServerRequest& req, ResponseWriter& w) -> Task<void> {
      int count = std::stoi(std::string(*req.path_param("count")));
      co_await w.begin_stream(200, {});
      for (int i = 0; i < count; ++i) {
        if (!co_await w.write("part" + std::to_string(i) + ";")) co_return;
      }
      co_await w.end_stream();
    });
    router.get("/sse", [](ServerRequest&, ResponseWriter& w) -> Task<void> {
      co_await w.begin_sse();
      co_await w.send_event("first");
      SseEvent second;
      second.data = "two\nlines";
      second.event = "note";
      second.id = "7";
      co_await w.send_event(second);
      co_await w.end_stream();
    });
    server.emplace(ServerOptions{}, router.handler());
    ASSERT_TRUE(server->start());
  }

  std::string url(std::string_view path) const { return server->url() + std::string(path); }

  Router router;
  std::optional<Server> server;
  IoThread io;
  Client client{io.executor(), testing::direct_client_options()};
};

TEST_F(RoundTrip, WholeResponseWithPathParameter) {
  auto response =
      io.run(client.send(request("POST", url("/endpoints/my-model/invocations"), "hi")));
  ASSERT_TRUE(response) << response.error().describe();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "echo:hi");
  EXPECT_EQ(response->headers.get("x-endpoint"), "my-model");
  EXPECT_EQ(response->headers.get("content-type"), "application/json");
}

TEST_F(RoundTrip, ChunkedBodyIsStreamedToTheSinkAfterTheHead) {
  std::vector<std::string> events;
  std::string body;
  auto head = io.run(client.send_streaming(
      request("GET", url("/chunks/50")), {},
      [&](std::string_view bytes) -> Task<Result<void>> {
        events.push_back("body");
        body.append(bytes);
        co_return Result<void>{};
      },
      [&](const ResponseHead& h) -> Task<Result<void>> {
        events.push_back("head " + std::to_string(h.status));
        co_return Result<void>{};
      }));
  ASSERT_TRUE(head) << head.error().describe();
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->headers.get("transfer-encoding"), "chunked");
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front(), "head 200");
  EXPECT_GE(events.size(), 2u);
  std::string expected;
  for (int i = 0; i < 50; ++i)
    expected += "part" + std::to_string(i) + ";";
  EXPECT_EQ(body, expected);
}

TEST_F(RoundTrip, ServerSentEventsAreFramedPerEvent) {
  auto response = io.run(client.send(request("GET", url("/sse"))));
  ASSERT_TRUE(response) << response.error().describe();
  EXPECT_EQ(response->headers.get("content-type"), "text/event-stream");
  EXPECT_EQ(response->headers.get("cache-control"), "no-cache");
  EXPECT_EQ(response->body, "data: first\n\nevent: note\nid: 7\ndata: two\ndata: lines\n\n");
}

TEST_F(RoundTrip, UnknownPathIs404AndWrongMethodIs405WithAllow) {
  auto missing = io.run(client.send(request("GET", url("/nope"))));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  auto wrong = io.run(client.send(request("GET", url("/endpoints/x/invocations"))));
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(wrong->headers.get("allow"), "POST");
}

TEST_F(RoundTrip, KeepAliveReusesOneConnection) {
  for (int i = 0; i < 5; ++i) {
    auto response = io.run(client.send(request("POST", url("/endpoints/a/invocations"), "x")));
    ASSERT_TRUE(response) << response.error().describe();
  }
  auto stats = client.stats();
  EXPECT_EQ(stats.connections_opened, 1u);
  EXPECT_EQ(stats.connections_reused, 4u);
  EXPECT_EQ(server->open_connections(), 1u);
}

TEST_F(RoundTrip, HandlerWithoutResponseGives500) {
  Router r;
  r.get("/silent", [](ServerRequest&, ResponseWriter&) -> Task<void> { co_return; });
  Server silent(ServerOptions{}, r.handler());
  ASSERT_TRUE(silent.start());
  auto response = io.run(client.send(request("GET", silent.url() + "/silent")));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
}

}  // namespace
}  // namespace smp::http
