// Streaming bodies: back-pressure, idle and total timeouts, cancellation, limits, sink errors.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/post.hpp>
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
constexpr auto nothrow = net::as_tuple(net::use_awaitable);

constexpr std::size_t flood_chunk = 64 * 1024;
constexpr std::size_t flood_chunks = 512;  // 32 MiB

// Sets the flag when the handler leaves, however it leaves: a cancelled handler sees its await
// complete with operation_aborted, or (awaiting again) an exception.
struct SetOnExit {
  std::atomic<bool>& flag;
  ~SetOnExit() { flag = true; }
};

Task<void> pause(std::chrono::milliseconds d) {
  net::steady_timer timer(co_await net::this_coro::executor, d);
  co_await timer.async_wait(nothrow);
}

class Streaming : public ::testing::Test {
 protected:
  void SetUp() override {
    router.get("/flood", [this](ServerRequest&, ResponseWriter& w) -> Task<void> {
      co_await w.begin_stream(200, {});
      std::string chunk(flood_chunk, '\0');
      for (std::size_t i = 0; i < flood_chunks; ++i) {
        std::fill(chunk.begin(), chunk.end(), static_cast<char>(i % 251));
        if (!co_await w.write(chunk)) co_return;
        flood_written += chunk.size();
      }
      co_await w.end_stream();
    });
    // One byte, then silence until the client goes away.
    router.get("/stall", [this](ServerRequest&, ResponseWriter& w) -> Task<void> {
      SetOnExit exit{handler_exited};
      co_await w.begin_stream(200, {});
      co_await w.write("x");
      net::steady_timer timer(co_await net::this_coro::executor, 30s);
      co_await timer.async_wait(nothrow);
    });
    // A byte every 20 ms until the client goes away.
    router.get("/drip", [this](ServerRequest&, ResponseWriter& w) -> Task<void> {
      SetOnExit exit{handler_exited};
      co_await w.begin_stream(200, {});
      net::steady_timer timer(co_await net::this_coro::executor);
      while (true) {
        if (!co_await w.write(".")) co_return;
        timer.expires_after(20ms);
        auto [ec] = co_await timer.async_wait(nothrow);
        if (ec) co_return;
      }
    });
    router.get("/big", [](ServerRequest&, ResponseWriter& w) -> Task<void> {
      co_await w.send(200, std::string(100'000, 'b'));
    });
    router.add("HEAD", "/big", [](ServerRequest&, ResponseWriter& w) -> Task<void> {
      co_await w.send(200, std::string(100'000, 'b'));
    });
    ServerOptions options;
    options.threads = 2;
    server.emplace(options, router.handler());
    ASSERT_TRUE(server->start());
  }

  std::string url(std::string_view path) const { return server->url() + std::string(path); }

  Router router;
  std::optional<Server> server;
  std::atomic<std::size_t> flood_written{0};
  std::atomic<bool> handler_exited{false};  // /stall and /drip end only when the client leaves
  IoThread io;
  Client client{io.executor(), testing::direct_client_options()};
};

TEST_F(Streaming, SlowSinkHoldsBackTheServer) {
  std::size_t received = 0;
  std::size_t written_while_paused = 0;
  bool content_ok = true;
  auto head = io.run(client.send_streaming(
      request("GET", url("/flood")), {}, [&](std::string_view bytes) -> Task<Result<void>> {
        for (char c : bytes) {
          content_ok &= c == static_cast<char>((received / flood_chunk) % 251);
          ++received;
        }
        if (written_while_paused == 0) {
          // First delivery: stop consuming until the server cannot write any more.
          std::size_t last = 0;
          int stable = 0;
          while (stable < 10 && flood_written.load() < flood_chunks * flood_chunk) {
            co_await pause(20ms);
            std::size_t now = flood_written.load();
            stable = now == last ? stable + 1 : 0;
            last = now;
          }
          written_while_paused = last;
        }
        co_return Result<void>{};
      }));
  ASSERT_TRUE(head) << head.error().describe();
  EXPECT_EQ(received, flood_chunks * flood_chunk);
  EXPECT_TRUE(content_ok);
  // Socket buffers hold a few MiB (about 4 on Linux loopback); without back-pressure all
  // 32 MiB would have been written while the sink waited.
  EXPECT_LT(written_while_paused, std::size_t{20} << 20);
  EXPECT_GT(written_while_paused, 0u);
}

TEST_F(Streaming, IdleReadTimeoutNamesTheHostAndClosesTheConnection) {
  RequestOptions options;
  options.idle_timeout = 200ms;
  auto head = io.run(client.send_streaming(
      request("GET", url("/stall")), options,
      [](std::string_view) -> Task<Result<void>> { co_return Result<void>{}; }));
  ASSERT_FALSE(head);
  EXPECT_EQ(head.error().kind, ErrorKind::timeout);
  EXPECT_EQ(head.error().code, "ReadTimeout");
  EXPECT_NE(head.error().message.find("127.0.0.1:" + std::to_string(server->port())),
            std::string::npos)
      << head.error().message;
  EXPECT_TRUE(wait_until([&] { return handler_exited.load(); }));
  EXPECT_EQ(client.stats().idle_connections, 0u);
}

TEST_F(Streaming, TotalTimeoutStopsAStreamThatNeverGoesIdle) {
  RequestOptions options;
  options.idle_timeout = 5s;
  options.total_timeout = 300ms;
  std::size_t received = 0;
  auto head = io.run(client.send_streaming(request("GET", url("/drip")), options,
                                           [&](std::string_view b) -> Task<Result<void>> {
                                             received += b.size();
                                             co_return Result<void>{};
                                           }));
  ASSERT_FALSE(head);
  EXPECT_EQ(head.error().kind, ErrorKind::timeout);
  EXPECT_EQ(head.error().code, "RequestTimeout");
  EXPECT_GT(received, 1u);  // it did stream before the deadline
}

TEST_F(Streaming, CancellingTheClientClosesTheSocketAndTheHandlerSeesIt) {
  net::cancellation_signal cancel;
  std::atomic<int> chunks{0};
  auto future = net::co_spawn(io.executor(),
                              client.send_streaming(request("GET", url("/drip")), {},
                                                    [&](std::string_view) -> Task<Result<void>> {
                                                      ++chunks;
                                                      co_return Result<void>{};
                                                    }),
                              net::bind_cancellation_slot(cancel.slot(), net::use_future));
  ASSERT_TRUE(wait_until([&] { return chunks.load() >= 3; }));
  net::post(io.executor(), [&] { cancel.emit(net::cancellation_type::terminal); });
  auto head = future.get();
  ASSERT_FALSE(head);
  EXPECT_EQ(head.error().code, "Cancelled");
  // The server learns through the closed socket: its handler is cancelled or its write fails.
  EXPECT_TRUE(wait_until([&] { return handler_exited.load(); }));
  EXPECT_EQ(client.stats().idle_connections, 0u);
}

TEST_F(Streaming, SinkErrorAbortsAndTheConnectionIsNotReused) {
  auto head = io.run(client.send_streaming(
      request("GET", url("/flood")), {}, [](std::string_view) -> Task<Result<void>> {
        co_return fail(ErrorKind::protocol, "DecoderFailed", "bad bytes");
      }));
  ASSERT_FALSE(head);
  EXPECT_EQ(head.error().code, "DecoderFailed");
  EXPECT_EQ(client.stats().idle_connections, 0u);
}

TEST_F(Streaming, HeadHandlerCanRefuseTheBody) {
  bool body_seen = false;
  auto head = io.run(client.send_streaming(
      request("GET", url("/big")), {},
      [&](std::string_view) -> Task<Result<void>> {
        body_seen = true;
        co_return Result<void>{};
      },
      [](const ResponseHead& h) -> Task<Result<void>> {
        if (h.status == 200) co_return fail(ErrorKind::rejected, "NotWanted", "no");
        co_return Result<void>{};
      }));
  ASSERT_FALSE(head);
  EXPECT_EQ(head.error().code, "NotWanted");
  EXPECT_FALSE(body_seen);
}

TEST_F(Streaming, SendEnforcesTheBodyLimit) {
  RequestOptions options;
  options.body_limit = 1000;
  auto response = io.run(client.send(request("GET", url("/big")), options));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, "ResponseTooLarge");
  auto fine = io.run(client.send(request("GET", url("/big"))));
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->body.size(), 100'000u);
}

TEST_F(Streaming, HeadRequestHasLengthButNoBodyAndKeepsTheConnection) {
  auto response = io.run(client.send(request("HEAD", url("/big"))));
  ASSERT_TRUE(response) << response.error().describe();
  EXPECT_EQ(response->headers.get("content-length"), "100000");
  EXPECT_TRUE(response->body.empty());
  ASSERT_TRUE(io.run(client.send(request("GET", url("/big")))));
  EXPECT_EQ(client.stats().connections_opened, 1u);
}

TEST_F(Streaming, InvalidRequestsFailBeforeAnyIo) {
  auto bad_url = io.run(client.send(request("GET", "ftp://example.com/")));
  ASSERT_FALSE(bad_url);
  EXPECT_EQ(bad_url.error().kind, ErrorKind::invalid_argument);

  auto injected = request("GET", url("/big"));
  injected.headers.add("X-Note", "a\r\nX-Evil: 1");
  auto bad_header = io.run(client.send(injected));
  ASSERT_FALSE(bad_header);
  EXPECT_EQ(bad_header.error().kind, ErrorKind::invalid_argument);

  auto bad_method = io.run(client.send(request("GE T", url("/big"))));
  ASSERT_FALSE(bad_method);
  EXPECT_EQ(client.stats().connections_opened, 0u);
}

}  // namespace
}  // namespace smp::http
