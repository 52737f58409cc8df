// POST /v1/chat/completions and POST /v1/completions, streamed and not.
#include <spdlog/spdlog.h>

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

http::Task<void> stream_chat(Exchange& exchange, const GatewayModel& model,
                             ChatCompletionRequest& parsed, provider::ChatCall call,
                             ResponseIdentity identity, bool text_completion) {
  auto& writer = exchange.writer();
  StreamGauge gauge(exchange.core().metrics);
  ChunkRenderer renderer(std::move(identity), parsed.include_usage, text_completion);
  bool started = false;
  // The SSE head goes out with the first chunk, so a failure before any output is still an
  // ordinary HTTP error with its proper status.
  provider::ChunkSink sink = [&](const models::ChatChunk& chunk) -> http::Task<Result<void>> {
    if (!started) {
      started = true;
      Headers headers;
      headers.add("x-request-id", exchange.id());
      auto begun = co_await writer.begin_sse(std::move(headers));
      if (!begun) co_return fail(begun.error());
    }
    auto data = renderer.render(chunk);
    if (data) co_return co_await writer.send_event(*data);
    co_return Result<void>{};
  };
  exchange.upstream_begin();
  auto result = co_await exchange.core().provider->chat(model.config, std::move(call), sink);
  exchange.upstream_end();
  if (!result) {
    if (!started) {
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
  if (!started) {
    Headers headers;
    headers.add("x-request-id", exchange.id());
    if (!co_await writer.begin_sse(std::move(headers))) co_return;
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
