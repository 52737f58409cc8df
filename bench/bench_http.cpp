// The http layer over loopback: keep-alive round trips, streamed throughput with back-pressure,
// small SSE events, and the server-side request parser. Client and server run in-process on
// separate threads, so the figures include both ends.
#include <benchmark/benchmark.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <optional>
#include <thread>

#include "http/client.hpp"
#include "http/detail/request_parsing.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace {

using namespace smp;
using namespace smp::http;
namespace net = boost::asio;

constexpr std::size_t stream_chunk = 64 * 1024;

class Loopback {
 public:
  Loopback() : work_(ioc_.get_executor()), thread_([this] { ioc_.run(); }) {
    router_.post("/echo", [](ServerRequest& r, ResponseWriter& w) -> Task<void> {
      co_await w.send(200, std::move(r.body), "application/json");
    });
    router_.get("/stream/{mib}", [](ServerRequest& r, ResponseWriter& w) -> Task<void> {
      std::size_t chunks = std::stoul(std::string(*r.path_param("mib"))) * 16;
      std::string chunk(stream_chunk, 'x');
      co_await w.begin_stream(200, {});
      for (std::size_t i = 0; i < chunks; ++i) {
        if (!co_await w.write(chunk)) co_return;
      }
    });
    router_.get("/sse/{count}", [](ServerRequest& r, ResponseWriter& w) -> Task<void> {
      int count = std::stoi(std::string(*r.path_param("count")));
      co_await w.begin_sse();
      for (int i = 0; i < count; ++i) {
        if (!co_await w.send_event(R"({"choices":[{"delta":{"content":" token"}}]})")) co_return;
      }
    });
    server_.emplace(ServerOptions{}, router_.handler());
    if (!server_->start()) throw std::runtime_error("server did not start");
    ClientOptions options;
    options.proxy = ProxySettings{};
    client_.emplace(ioc_.get_executor(), options);
  }
  ~Loopback() {
    client_.reset();
    server_.reset();
    work_.reset();
    ioc_.stop();
    thread_.join();
  }

  template <class T>
  T run(Task<T> task) {
    return net::co_spawn(ioc_, std::move(task), net::use_future).get();
  }
  Client& client() { return *client_; }
  std::string url(std::string_view path) const { return server_->url() + std::string(path); }

 private:
  net::io_context ioc_;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work_;
  std::thread thread_;
  Router router_;
  std::optional<Server> server_;
  std::optional<Client> client_;
};

HttpRequest make(std::string method, std::string url, std::string body = {}) {
  HttpRequest r;
  r.method = std::move(method);
  r.url = std::move(url);
  r.body = std::move(body);
  r.headers.add("Content-Type", "application/json");
  return r;
}

void BM_KeepAliveRoundTrip(benchmark::State& state) {
  Loopback loop;
  std::string body(static_cast<std::size_t>(state.range(0)), 'b');
  auto request = make("POST", loop.url("/echo"), body);
  for (auto _ : state) {
    auto response = loop.run(loop.client().send(request));
    if (!response || response->body.size() != body.size()) state.SkipWithError("bad response");
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["connections"] = static_cast<double>(loop.client().stats().connections_opened);
}
BENCHMARK(BM_KeepAliveRoundTrip)->Arg(32)->Arg(16 * 1024)->UseRealTime();

void BM_StreamThroughput(benchmark::State& state) {
  Loopback loop;
  const std::size_t mib = 64;
  auto request = make("GET", loop.url("/stream/" + std::to_string(mib)));
  std::size_t total = 0;
  for (auto _ : state) {
    std::size_t received = 0;
    auto head = loop.run(loop.client().send_streaming(
        request, {}, [&](std::string_view bytes) -> Task<Result<void>> {
          received += bytes.size();
          co_return Result<void>{};
        }));
    if (!head || received != mib << 20) state.SkipWithError("short stream");
    total += received;
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(total));
}
BENCHMARK(BM_StreamThroughput)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_SseEvents(benchmark::State& state) {
  Loopback loop;
  const int events = 10'000;
  auto request = make("GET", loop.url("/sse/" + std::to_string(events)));
  for (auto _ : state) {
    std::size_t received = 0;
    auto head = loop.run(loop.client().send_streaming(
        request, {}, [&](std::string_view bytes) -> Task<Result<void>> {
          received += bytes.size();
          co_return Result<void>{};
        }));
    if (!head || received == 0) state.SkipWithError("no events");
  }
  state.SetItemsProcessed(state.iterations() * events);
}
BENCHMARK(BM_SseEvents)->UseRealTime()->Unit(benchmark::kMillisecond);

void BM_ParseInvokeRequest(benchmark::State& state) {
  const std::string bytes =
      "POST /endpoints/my-endpoint/invocations HTTP/1.1\r\n"
      "Host: runtime.sagemaker.us-east-1.amazonaws.com\r\n"
      "Content-Type: application/json\r\nAccept: application/json\r\n"
      "X-Amz-Date: 20240115T000000Z\r\n"
      "Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240115/us-east-1/sagemaker/"
      "aws4_request, SignedHeaders=accept;content-type;host;x-amz-date, "
      "Signature=cc73901f949d001ab2abdd9ce2cd3f6a4c9a02df9f3dbe20e6fd441d661a00d2\r\n"
      "Content-Length: 18\r\n\r\n{\"inputs\":\"Hello\"}";
  for (auto _ : state) {
    auto request = detail::parse_request(bytes, {});
    benchmark::DoNotOptimize(request);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_ParseInvokeRequest);

}  // namespace
