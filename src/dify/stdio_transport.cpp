// The local runtime's transport (dify-plugin-protocol.md §3): requests on stdin, protocol on
// stdout. Standard input is read by a thread with plain blocking reads (it may be a pipe, a file
// or a terminal; no epoll needed), and standard output is written by another thread, so neither
// a slow daemon nor a huge request line ever holds up the sessions' event loop.
#include <fmt/format.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cerrno>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "dify/transports.hpp"

namespace smp::dify {

namespace asio = boost::asio;

namespace {

// Writes whole lines to a file descriptor from its own thread, in the order they were queued.
class FdLineSink final : public LineSink {
 public:
  explicit FdLineSink(int fd) : fd_(fd), thread_([this] { loop(); }) {}
  ~FdLineSink() override { close(); }

  http::Task<Result<void>> write(std::string line) override {
    {
      std::lock_guard lock(mutex_);
      if (failed_)
        co_return fail(ErrorKind::connection, "StdoutClosed", "standard output is closed");
      queued_bytes_ += line.size();
      queue_.push_back(std::move(line));
    }
    ready_.notify_one();
    // Back-pressure: the daemon stopped reading; let the queue drain before producing more.
    asio::steady_timer timer(co_await asio::this_coro::executor);
    for (;;) {
      {
        std::lock_guard lock(mutex_);
        if (failed_)
          co_return fail(ErrorKind::connection, "StdoutClosed", "standard output is closed");
        if (queued_bytes_ <= kHighWater) break;
      }
      timer.expires_after(std::chrono::milliseconds(5));
      co_await timer.async_wait(asio::use_awaitable);
    }
    co_return Result<void>{};
  }

  // Writes what is queued (up to `limit`), then stops the thread.
  void close(std::chrono::milliseconds limit = std::chrono::milliseconds(2000)) {
    {
      std::unique_lock lock(mutex_);
      drained_.wait_for(lock, limit, [this] { return queue_.empty() || failed_; });
      stop_ = true;
    }
    ready_.notify_one();
    if (thread_.joinable()) thread_.join();
  }
  bool failed() const {
    std::lock_guard lock(mutex_);
    return failed_;
  }

 private:
  static constexpr std::size_t kHighWater = 16 * 1024 * 1024;

  void loop() {
    for (;;) {
      std::string line;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;
        line = std::move(queue_.front());
        queue_.pop_front();
      }
      // One line, all of it, before the next: a line is never interleaved with another.
      std::size_t at = 0;
      bool ok = true;
      while (at < line.size()) {
        const ssize_t n = ::write(fd_, line.data() + at, line.size() - at);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          ok = false;
          break;
        }
        at += static_cast<std::size_t>(n);
      }
      std::lock_guard lock(mutex_);
      queued_bytes_ -= line.size();
      if (!ok) {
        failed_ = true;
        queue_.clear();
        queued_bytes_ = 0;
      }
      if (queue_.empty()) drained_.notify_all();
    }
  }

  int fd_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable drained_;
  std::deque<std::string> queue_;
  std::size_t queued_bytes_ = 0;
  bool failed_ = false;
  bool stop_ = false;
  std::thread thread_;
};

// Splits standard input into lines and hands them to the runtime. Lines longer than
// kMaxInputLineBytes are skipped (answered with an error event) without being buffered.
void read_stdin(Runtime& runtime, std::shared_ptr<LineSink> sink, std::function<void()> on_eof) {
  std::string line;
  bool skipping = false;
  std::size_t skipped = 0;
  std::vector<char> buffer(256 * 1024);
  for (;;) {
    const ssize_t n = ::read(0, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    std::string_view chunk(buffer.data(), static_cast<std::size_t>(n));
    while (!chunk.empty()) {
      const auto newline = chunk.find('\n');
      const auto piece = chunk.substr(0, newline);
      if (skipping) {
        skipped += piece.size();
      } else if (line.size() + piece.size() > kMaxInputLineBytes) {
        skipping = true;
        skipped = line.size() + piece.size();
        line.clear();
        line.shrink_to_fit();
      } else {
        line.append(piece);
      }
      if (newline == std::string_view::npos) break;
      if (skipping) {
        runtime.on_dropped_line(fmt::format("a line of {} bytes exceeds the {} byte input limit",
                                            skipped, kMaxInputLineBytes),
                                sink);
        skipping = false;
      } else {
        runtime.on_line(line, sink);
      }
      line.clear();
      if (line.capacity() > 1024 * 1024) line.shrink_to_fit();
      chunk.remove_prefix(newline + 1);
    }
  }
  if (!skipping && !line.empty()) runtime.on_line(line, sink);  // last line without "\n"
  on_eof();
}

}  // namespace

int run_stdio(asio::io_context& io, Runtime& runtime, StdioOptions options) {
  auto sink = std::make_shared<FdLineSink>(1);
  const pid_t parent = options.parent_pid != 0 ? options.parent_pid : ::getppid();
  auto work = asio::make_work_guard(io);
  bool eof = false;

  // Heartbeats keep the instance alive (the daemon restarts a plugin silent for 120 s); the
  // same timer notices a dead parent (re-parented to init or a subreaper), as the SDK does.
  asio::co_spawn(
      io,
      [&]() -> http::Task<void> {
        asio::steady_timer timer(io);
        auto next_beat = std::chrono::steady_clock::now() + options.heartbeat_interval;
        for (;;) {
          timer.expires_after(std::chrono::milliseconds(500));
          co_await timer.async_wait(asio::use_awaitable);
          if (::getppid() != parent) {
            std::fprintf(stderr, "dify: parent process is gone, exiting\n");
            io.stop();
            co_return;
          }
          if (sink->failed()) {
            std::fprintf(stderr, "dify: standard output is closed, exiting\n");
            io.stop();
            co_return;
          }
          runtime.release_memory_if_idle();
          if (std::chrono::steady_clock::now() >= next_beat) {
            next_beat += options.heartbeat_interval;
            co_await sink->write(heartbeat_line());
          }
        }
      },
      asio::detached);

  std::thread reader([&] {
    read_stdin(runtime, sink, [&] {
      asio::post(io, [&] {
        eof = true;
        // Let the sessions that are running finish (the daemon may have closed stdin only).
        asio::co_spawn(
            io,
            [&]() -> http::Task<void> {
              asio::steady_timer timer(io);
              const auto deadline = std::chrono::steady_clock::now() + options.drain_on_eof;
              while (runtime.active_sessions() > 0 && std::chrono::steady_clock::now() < deadline) {
                timer.expires_after(std::chrono::milliseconds(10));
                co_await timer.async_wait(asio::use_awaitable);
              }
              io.stop();
            },
            asio::detached);
      });
    });
  });
  io.run();
  sink->close();
  if (!eof) {
    // The reader thread may still be blocked in read() (the parent died, or stdout closed):
    // nothing is left to do, so leave without unwinding what it still references.
    std::fflush(stderr);
    ::_exit(0);
  }
  reader.join();
  return 0;
}

}  // namespace smp::dify
