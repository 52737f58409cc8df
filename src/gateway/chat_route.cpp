// POST /v1/chat/completions and POST /v1/completions, streamed and not.
#include <spdlog/spdlog.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include "gateway/gateway_core.hpp"
#include "gateway/openai_chat_request.hpp"
#include "gateway/openai_error.hpp"
#include "gateway/openai_responses.hpp"

namespace smp::gateway {
namespace {

// Keeps the in-flight gauge right whichever way the handler leaves (cancellation included).
struct StreamGauge {
  Metrics& metrics;
  explicit StreamGauge(Metrics& m) : metrics(m) { metrics.stream_started(); }
  ~StreamGauge() { metrics.stream_ended(); }
};

// What the chunk writer and the keep-alive writer share. Both run on the connection's strand,
// so plain flags suffice; `writing` keeps their writes from interleaving on the socket.
struct StreamState {
  bool started = false;  // the SSE head is out
  bool writing = false;
  bool failed = false;  // a write failed: the client is gone
};

http::Task<Result<void>> begin_stream(StreamState& state, Exchange& exchange) {
  state.started = true;
  Headers headers;
  headers.add("x-request-id", exchange.id());
  co_return co_await exchange.writer().begin_sse(std::move(headers));
}

http::Task<Result<void>> write_comment(StreamState& state, Exchange& exchange) {
  Result<void> ok;
  if (!state.started) ok = co_await begin_stream(state, exchange);
  if (ok) ok = co_await exchange.writer().send_comment("keep-alive");
  co_return ok;
}

// SSE comments while the model is quiet (a long prefill, a long think), so proxies and client
// read timeouts do not cut the stream (bedrock-access-gateway#74). The first one commits the
// response to 200: a failure after it is reported as an error event. Runs beside the provider
// call and is cancelled when that call ends.
http::Task<void> keep_alive(StreamState& state, Exchange& exchange,
                            std::chrono::milliseconds every) {
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
  while (true) {
    timer.expires_after(every);
    auto [ec] = co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
    if (ec) co_return;  // cancelled: the provider call ended
    if (state.writing || state.failed) continue;
    state.writing = true;
    // Shielded from the cancellation that ends this loop (an empty slot), so a comment that is
    // on its way out when the provider call ends is never cut in half.
    auto ok = co_await boost::asio::co_spawn(
        co_await boost::asio::this_coro::executor, write_comment(state, exchange),
        boost::asio::bind_cancellation_slot(boost::asio::cancellation_slot(),
                                            boost::asio::use_awaitable));
    state.writing = false;
    if (!ok) state.failed = true;  // the server cancels the handler of a departed client
  }
}

http::Task<void> stream_chat(Exchange& exchange, const GatewayModel& model,
                             ChatCompletionRequest& parsed, provider::ChatCall call,
                             ResponseIdentity identity, bool text_completion) {
  using namespace boost::asio::experimental::awaitable_operators;
  auto& writer = exchange.writer();
  StreamGauge gauge(exchange.core().metrics);
  ChunkRenderer renderer(std::move(identity), parsed.include_usage, text_completion);
  StreamState state;
  // The SSE head goes out with the first chunk (or keep-alive), so a failure before any output
  // is still an ordinary HTTP error with its proper status.
  provider::ChunkSink sink = [&](const models::ChatChunk& chunk) -> http::Task<Result<void>> {
    auto data = renderer.render(chunk);
    if (!data && state.started) co_return Result<void>{};
    while (state.writing) {  // a keep-alive comment is on its way out (rare, microseconds)
      boost::asio::steady_timer pause(co_await boost::asio::this_coro::executor,
                                      std::chrono::milliseconds(1));
      co_await pause.async_wait(boost::asio::use_awaitable);
    }
    state.writing = true;
    Result<void> ok;
    if (!state.started) ok = co_await begin_stream(state, exchange);
    if (ok && data) ok = co_await writer.send_event(*data);
    state.writing = false;
    co_return ok;
  };
  exchange.upstream_begin();
  const auto every = exchange.core().options.stream_keepalive;
  Result<models::ChatResult> result = fail(ErrorKind::internal, "NoResult", "no result");
  if (every.count() > 0) {
    auto outcome = co_await (exchange.core().provider->chat(model.config, std::move(call), sink) ||
                             keep_alive(state, exchange, every));
    if (outcome.index() != 0) co_return;  // only when cancelled: the client left
    result = std::move(std::get<0>(outcome));
  } else {
    result = co_await exchange.core().provider->chat(model.config, std::move(call), sink);
  }
  exchange.upstream_end();
  if (!result) {
    if (!state.started) {
      co_await exchange.send_error(result.error());
      co_return;
    }
    if (writer.disconnected()) co_return;  // 499 in the log: the client left mid-stream
    // Mid-stream failure: OpenAI's SDKs raise on a data event holding "error".
    const auto api = api_error(result.error());
    exchange.set_error_kind(to_string(result.error().kind));
    exchange.set_status(api.status);
    spdlog::warn("{} stream failed after its start: {}", exchange.id(), result.error().describe());
    const std::string event = render_error_body(api);
    co_await writer.send_event(event);
    co_await writer.end_stream();
    co_return;
  }
  exchange.tokens(result->usage);
  if (!state.started) {
    if (!co_await begin_stream(state, exchange)) co_return;
  }
  if (renderer.include_usage()) {
    const std::string usage = renderer.render_usage(result->usage);
    if (!co_await writer.send_event(usage)) co_return;
  }
  if (!co_await writer.send_event("[DONE]")) co_return;
  exchange.set_status(200);
  co_await writer.end_stream();
}

}  // namespace

http::Task<void> chat_route(Core& core, http::ServerRequest& request, http::ResponseWriter& writer,
                            bool text_completion) {
  Exchange exchange(core, request, writer,
                    text_completion ? "/v1/completions" : "/v1/chat/completions");
  try {
    if (auto ok = exchange.authenticate(); !ok) {
      co_await exchange.send_error(ok.error());
      co_return;
    }
    auto parsed = text_completion ? parse_completion_request(request.body)
                                  : parse_chat_completion_request(request.body);
    if (!parsed) {
      co_await exchange.send_error(parsed.error());
      co_return;
    }
    auto model = exchange.resolve(parsed->model, provider::ModelType::llm);
    if (!model) {
      co_await exchange.send_error(model.error());
      co_return;
    }
    provider::ChatCall call;
    call.request = std::move(parsed->chat);
    call.reasoning = models::ReasoningOutput::separate;
    call.request_id = exchange.id();
    ResponseIdentity identity;
    identity.id = (text_completion ? "cmpl-" : "chatcmpl-") + exchange.id();
    identity.created = unix_seconds();
    identity.model = parsed->model;
    if (parsed->stream) {
      co_await stream_chat(exchange, **model, *parsed, std::move(call), std::move(identity),
                           text_completion);
      co_return;
    }
    exchange.upstream_begin();
    auto result = co_await core.provider->chat((*model)->config, std::move(call));
    exchange.upstream_end();
    if (!result) {
      co_await exchange.send_error(result.error());
      co_return;
    }
    exchange.tokens(result->usage);
    // Named first: g++ 12 destroys a ?: temporary inside a co_await expression twice.
    std::string body = text_completion ? render_text_completion(identity, *result)
                                       : render_chat_completion(identity, *result);
    co_await exchange.send_json(200, std::move(body));
  } catch (const boost::system::system_error& e) {
    // The server cancels a handler whose client went away; its upstream call was cut with it.
    spdlog::info("{} cancelled: {}", exchange.id(), e.code().message());
  }
}

}  // namespace smp::gateway
