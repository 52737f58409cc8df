// await_callback and run_blocking on a single-threaded io_context: an inline answer does not
// suspend, a late answer from another thread resumes the coroutine on its own thread, and while
// it waits the loop keeps running other work. Proven without timing: the other thread answers
// only after the loop has run a handler, which could never happen if the wait blocked the loop.
#include "http/await_callback.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <future>
#include <thread>

#include "http/run_blocking.hpp"
#include "http/run_sync.hpp"

namespace smp::http {
namespace {

TEST(AwaitCallback, AnInlineAnswerDoesNotSuspend) {
  boost::asio::io_context io;
  bool other_ran = false;
  auto task = [&]() -> Task<int> {
    // Queued before the await: it runs only if the coroutine gives the thread away.
    boost::asio::post(io, [&] { other_ran = true; });
    std::function<void(std::function<void(int)>)> start = [](auto done) { done(42); };
    const int answer = co_await await_callback<int>(std::move(start));
    EXPECT_FALSE(other_ran);
    co_return answer;
  };
  EXPECT_EQ(run_sync(io, task()), 42);
}

TEST(AwaitCallback, ALateAnswerFromAnotherThreadResumesOnTheLoopWhichKeptServing) {
  boost::asio::io_context io;
  std::promise<void> loop_served;
  std::thread answerer;
  auto task = [&]() -> Task<std::thread::id> {
    const auto loop_thread = std::this_thread::get_id();
    // Other work for the loop: must run while the coroutine waits.
    boost::asio::post(io, [&] { loop_served.set_value(); });
    std::function<void(std::function<void(std::string)>)> start = [&](auto done) {
      answerer = std::thread([&loop_served, done] {
        // Bounded so that a blocked loop fails the test instead of hanging it.
        const bool served = loop_served.get_future().wait_for(std::chrono::seconds(10)) ==
                            std::future_status::ready;
        done(served ? "served" : "loop was blocked");
      });
    };
    const std::string answer = co_await await_callback<std::string>(std::move(start));
    EXPECT_EQ(answer, "served");
    EXPECT_EQ(std::this_thread::get_id(), loop_thread);
    co_return std::this_thread::get_id();
  };
  const auto resumed_on = run_sync(io, task());
  answerer.join();
  EXPECT_EQ(resumed_on, std::this_thread::get_id());  // run_sync runs the loop here
}

TEST(RunBlocking, BlockingWorkRunsOffTheLoop) {
  boost::asio::io_context io;
  std::promise<void> loop_served;
  auto task = [&]() -> Task<std::string> {
    const auto loop_thread = std::this_thread::get_id();
    boost::asio::post(io, [&] { loop_served.set_value(); });
    auto work = [&loop_served, loop_thread] {
      EXPECT_NE(std::this_thread::get_id(), loop_thread);
      const bool served =
          loop_served.get_future().wait_for(std::chrono::seconds(10)) == std::future_status::ready;
      return std::string(served ? "served" : "loop was blocked");
    };
    co_return co_await run_blocking(std::move(work));
  };
  EXPECT_EQ(run_sync(io, task()), "served");
}

}  // namespace
}  // namespace smp::http
