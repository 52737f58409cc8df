// The I/O half of the SageMaker runtime: calls the backend (a built-in container, or a local
// container over HTTP), applies the endpoint's latency and faults, and writes the answer, a whole
// response or an event stream.
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <stdexcept>
#include <utility>

#include "emulator/emulator_core.hpp"
#include "emulator/s3_service.hpp"

namespace smp::emulator {
namespace {

// Sleeps without blocking the server thread; a client that goes away cancels the wait.
http::Task<void> pause(std::chrono::milliseconds duration) {
  if (duration.count() <= 0) co_return;
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, duration);
  co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
}

// What the server does with an injected connection reset: a handler that throws after starting
// its response makes the server cut the connection mid-body.
struct InjectedConnectionReset : std::runtime_error {
  InjectedConnectionReset() : std::runtime_error("injected connection reset") {}
};

}  // namespace

http::Task<InvocationOutput> Emulator::Core::call_backend(const InvocationPlan& plan) {
  const Backend& backend = *plan.backend;
  if (backend.container) {
    auto context = runtime.container_context(plan, &s3_store);
    co_return backend.container->invoke(plan.input, context);
  }
  InvocationOutput output;
  if (backend.url.empty() || !client) {
    output.status = 500;
    output.body = "no container is configured behind this variant";
    co_return output;
  }
  // SageMaker forwards the body, the content headers and the custom attributes, nothing else.
  HttpRequest forward;
  forward.method = "POST";
  forward.url = backend.url + "/invocations";
  if (!plan.input.content_type.empty())
    forward.headers.add("Content-Type", plan.input.content_type);
  if (!plan.input.accept.empty()) forward.headers.add("Accept", plan.input.accept);
  if (!plan.input.custom_attributes.empty())
    forward.headers.add("X-Amzn-SageMaker-Custom-Attributes", plan.input.custom_attributes);
  forward.body = plan.input.body;
  http::RequestOptions options;
  options.connect_timeout = std::chrono::seconds(3);
  options.idle_timeout = std::chrono::seconds(60);  // the container contract's 60 s
  auto response = co_await client->send(std::move(forward), options);
  if (!response) {
    output.status = 0;
    output.body =
        "could not reach the container at " + backend.url + ": " + response.error().message;
    co_return output;
  }
  output.status = response->status;
  output.content_type = std::string(response->headers.get("Content-Type").value_or(""));
  output.custom_attributes =
      std::string(response->headers.get("X-Amzn-SageMaker-Custom-Attributes").value_or(""));
  output.body = std::move(response->body);
  co_return output;
}

http::Task<int> Emulator::Core::serve_invocation(InvocationPlan& plan,
                                                 const std::string& request_id,
                                                 http::ResponseWriter& writer,
                                                 RequestLogEntry& log) {
  const auto& latency = plan.endpoint->config.latency;
  const auto send = [&](HttpResponse response) -> http::Task<int> {
    response.headers.set("Date", http_date(clock.now()));
    log.error_code = error_code_of(response);
    log.response_bytes = response.body.size();
    const int status = response.status;
    co_await writer.send(std::move(response));
    co_return status;
  };

  if (auto early = runtime.early_fault_response(plan, request_id)) {
    co_await pause(latency.first_byte);
    co_return co_await send(std::move(*early));
  }
  const bool reset = plan.fault && plan.fault->kind == FaultKind::connection_reset;
  if (reset && !plan.input.streaming) {
    Headers headers;
    headers.add("x-amzn-RequestId", request_id);
    co_await writer.begin_stream(200, std::move(headers));
    throw InjectedConnectionReset();
  }

  const InvocationOutput output = co_await call_backend(plan);
  if (!plan.input.streaming) {
    auto response = runtime.invoke_response(plan, output, request_id);
    co_await pause(latency.first_byte);
    co_return co_await send(std::move(response));
  }

  auto streamed = runtime.stream_response(plan, output, request_id);
  if (auto* error = std::get_if<HttpResponse>(&streamed)) {
    co_await pause(latency.first_byte);
    co_return co_await send(std::move(*error));
  }
  auto& stream = std::get<StreamResponse>(streamed);
  co_await pause(latency.first_byte);
  stream.head.headers.set("Date", http_date(clock.now()));
  if (!co_await writer.begin_stream(200, std::move(stream.head.headers))) co_return 200;
  if (latency.per_part.count() == 0 && !stream.reset_after) {
    // Nothing to pace: one write instead of one per part (the frames are the same bytes).
    std::string all;
    for (const auto& frame : stream.frames)
      all += frame;
    if (stream.failure_frame) all += *std::exchange(stream.failure_frame, std::nullopt);
    if (!co_await writer.write(all)) co_return 200;
    log.response_bytes += all.size();
  } else {
    for (std::size_t i = 0; i < stream.frames.size(); ++i) {
      if (i > 0) co_await pause(latency.per_part);
      if (!co_await writer.write(stream.frames[i])) co_return 200;
      log.response_bytes += stream.frames[i].size();
    }
  }
  if (stream.reset_after) throw InjectedConnectionReset();
  if (stream.failure_frame) {
    co_await pause(latency.per_part);
    co_await writer.write(*stream.failure_frame);
    log.response_bytes += stream.failure_frame->size();
  }
  co_await writer.end_stream();
  co_return 200;
}

}  // namespace smp::emulator
