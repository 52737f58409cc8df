#pragma once
// Sessions over one channel (dify-plugin-protocol.md §2.4): every request line starts a session
// that runs concurrently with the others on the runtime's executor (its own strand), so a slow
// stream never holds up another session; every session ends with exactly one `end`, after its
// `error` too; bad input gets an error event (no session id) or a session error, and the
// runtime keeps serving. Transports feed lines in and give a LineSink for the answers.
#include <atomic>
#include <boost/asio/any_io_executor.hpp>
#include <cstddef>
#include <memory>
#include <string_view>

#include "dify/line_sink.hpp"
#include "dify/protocol.hpp"
#include "http/task.hpp"
#include "provider/provider.hpp"

namespace smp::dify {

class Runtime {
 public:
  Runtime(boost::asio::any_io_executor executor, provider::Provider& provider);

  // One daemon line. Thread-safe (the stdio reader calls it from its own thread): the work is
  // posted to the executor; it never blocks.
  void on_line(std::string_view line, std::shared_ptr<LineSink> sink);
  // An oversized or unreadable line the transport had to drop.
  void on_dropped_line(std::string message, std::shared_ptr<LineSink> sink);

  // Runs one session to its end (serverless runs it inside the HTTP request).
  http::Task<void> run_session(DaemonRequest request, std::shared_ptr<LineSink> sink);
  // Answers a line that failed to parse.
  http::Task<void> answer_bad_line(ParsedLine parsed, std::shared_ptr<LineSink> sink);

  // For a transport's periodic timer: once the runtime has fallen idle after serving sessions,
  // hands the freed heap back to the system (glibc keeps it, and a burst of sessions would leave
  // the idle plugin twice its size). Does nothing while sessions run or when nothing was served
  // since the last time.
  void release_memory_if_idle();

  std::size_t active_sessions() const { return active_->load(); }
  std::size_t sessions_served() const { return served_->load(); }
  boost::asio::any_io_executor executor() const { return executor_; }

 private:
  boost::asio::any_io_executor executor_;
  provider::Provider& provider_;
  std::shared_ptr<std::atomic<std::size_t>> active_;
  std::shared_ptr<std::atomic<std::size_t>> served_;
  std::atomic<std::size_t> released_at_{0};  // sessions_served() at the last release
};

}  // namespace smp::dify
