// The serverless runtime (dify-plugin-protocol.md §5): the daemon POSTs one PluginInStream to
// /invoke?action=… and reads the session's lines from the streamed response body, stopping at
// `end`. No heartbeats. GET /health answers OK.
#include <fmt/format.h>

#include <boost/asio/signal_set.hpp>

#include "dify/transports.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace smp::dify {

namespace asio = boost::asio;

namespace {

// The session's lines into the HTTP response, chunk by chunk. The handler coroutine is the only
// writer, so no locking is needed.
class ResponseLineSink final : public LineSink {
 public:
  explicit ResponseLineSink(http::ResponseWriter& writer) : writer_(writer) {}
  http::Task<Result<void>> write(std::string line) override {
    if (writer_.state() == http::ResponseWriter::State::idle) {
      Headers headers;
      headers.add("Content-Type", "text/event-stream");
      headers.add("Cache-Control", "no-cache");
      if (auto r = co_await writer_.begin_stream(200, std::move(headers)); !r) co_return r;
    }
    co_return co_await writer_.write(line);
  }

 private:
  http::ResponseWriter& writer_;
};

}  // namespace

int run_serverless(asio::io_context& io, Runtime& runtime, ServerlessOptions options) {
  http::Router router;
  router.get("/health", [](http::ServerRequest&, http::ResponseWriter& w) -> http::Task<void> {
    co_await w.send(200, "OK");
  });
  router.post(
      "/invoke",
      [&runtime](http::ServerRequest& request, http::ResponseWriter& w) -> http::Task<void> {
        ParsedLine parsed = parse_daemon_line(request.body);
        if (!parsed.request) {
          const std::string message =
              parsed.error ? parsed.error->message : std::string("the request body is empty");
          std::fprintf(stderr, "dify: rejected an invocation: %s\n", message.c_str());
          co_await w.send(400, message + "\n");
          co_return;
        }
        auto sink = std::make_shared<ResponseLineSink>(w);
        co_await runtime.run_session(std::move(*parsed.request), sink);
        co_await w.end_stream();
      });

  http::ServerOptions server_options;
  server_options.host = options.host;
  server_options.port = options.port;
  server_options.threads = 1;
  // The daemon caps a request at 5 MiB (MAX_SERVERLESS_REQUEST_BYTES) by default; allow more for
  // operators who raise it.
  server_options.max_body_bytes = 64 * 1024 * 1024;
  server_options.body_timeout = std::chrono::seconds(120);
  server_options.write_timeout = std::chrono::seconds(600);
  server_options.keep_alive_timeout = std::chrono::seconds(600);
  http::Server server(server_options, router.handler());
  if (auto ok = server.start(); !ok) {
    std::fprintf(stderr, "dify: %s\n", ok.error().describe().c_str());
    return 1;
  }
  std::fprintf(stderr, "dify: serverless runtime listening on %s\n", server.url().c_str());
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) { io.stop(); });
  io.run();
  server.stop(std::chrono::seconds(5));
  return 0;
}

}  // namespace smp::dify
