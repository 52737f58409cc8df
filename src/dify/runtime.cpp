#include "dify/runtime.hpp"

#include <fmt/format.h>
#include <malloc.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/strand.hpp>
#include <cstdio>
#include <exception>

#include "dify/actions.hpp"
#include "dify/error_mapping.hpp"
#include "dify/session_output.hpp"

namespace smp::dify {

namespace asio = boost::asio;

Runtime::Runtime(asio::any_io_executor executor, provider::Provider& provider)
    : executor_(std::move(executor)),
      provider_(provider),
      active_(std::make_shared<std::atomic<std::size_t>>(0)),
      served_(std::make_shared<std::atomic<std::size_t>>(0)) {}

void Runtime::release_memory_if_idle() {
  const std::size_t served = sessions_served();
  if (active_sessions() != 0 || released_at_.exchange(served) == served) return;
  ::malloc_trim(0);
}

void Runtime::on_line(std::string_view line, std::shared_ptr<LineSink> sink) {
  ParsedLine parsed = parse_daemon_line(line);
  if (parsed.blank) return;
  auto strand = asio::make_strand(executor_);
  if (parsed.request) {
    asio::co_spawn(strand, run_session(std::move(*parsed.request), std::move(sink)),
                   asio::detached);
    return;
  }
  asio::co_spawn(strand, answer_bad_line(std::move(parsed), std::move(sink)), asio::detached);
}

void Runtime::on_dropped_line(std::string message, std::shared_ptr<LineSink> sink) {
  ParsedLine parsed;
  parsed.error = Error::make(ErrorKind::invalid_argument, "LineTooLong", std::move(message));
  asio::co_spawn(asio::make_strand(executor_), answer_bad_line(std::move(parsed), std::move(sink)),
                 asio::detached);
}

http::Task<void> Runtime::answer_bad_line(ParsedLine parsed, std::shared_ptr<LineSink> sink) {
  const std::string message = parsed.error ? parsed.error->message : "unreadable line";
  std::fprintf(stderr, "dify: rejected a daemon line: %s\n", message.c_str());
  if (parsed.session_id.empty()) {
    co_await sink->write(error_event_line(message));
    co_return;
  }
  SessionOutput out(parsed.session_id, sink);
  co_await out.error(bad_request(message));
  co_await out.end();
}

http::Task<void> Runtime::run_session(DaemonRequest request, std::shared_ptr<LineSink> sink) {
  auto active = active_;
  ++*active;
  ++*served_;
  SessionOutput out(request.session_id, sink);
  std::optional<DifyError> error;
  try {
    ActionHandler handler = find_action(request.action);
    if (!request.type.empty() && request.type != "model") {
      error =
          bad_request(fmt::format("access type '{}' is not supported: this plugin is a model "
                                  "provider",
                                  request.type.substr(0, 32)));
    } else if (!handler) {
      error = bad_request(fmt::format("unknown action '{}'", request.action.substr(0, 64)));
    } else {
      ActionContext ctx{request, out, provider_};
      auto result = co_await handler(ctx);
      if (!result) error = std::move(result.error());
    }
  } catch (const std::exception& e) {
    // Cancellation (shutdown) or a bug: still an error and an end, never a silent session.
    DifyError internal;
    internal.error_type = "InvokeError";
    internal.message = fmt::format("[{}] internal error: {}", kProviderName, e.what());
    error = std::move(internal);
  }
  if (error) {
    std::fprintf(stderr, "dify: session %s (%s): %s: %s\n", request.session_id.c_str(),
                 request.action.c_str(), error->error_type.c_str(), error->message.c_str());
    co_await out.error(*error);
  }
  co_await out.end();
  --*active;
}

}  // namespace smp::dify
