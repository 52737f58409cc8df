#pragma once
// Runs blocking work (a control-plane call over aws::HttpTransport, a file read) on a small
// process-wide pool and awaits its result, so an event-loop thread keeps serving meanwhile.
// For rare calls only (validation, diagnosis): the pool has few threads, and a call that hangs
// holds one until its own timeout.
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <type_traits>
#include <utility>

#include "http/await_callback.hpp"

namespace smp::http {

boost::asio::thread_pool& blocking_pool();

template <class Work>
Task<std::invoke_result_t<Work&>> run_blocking(Work work) {
  using R = std::invoke_result_t<Work&>;
  // Named, not a temporary inside the co_await expression: g++ 12 destroys such temporaries
  // twice in coroutines.
  std::function<void(std::function<void(R)>)> start = [work = std::move(work)](auto done) {
    boost::asio::post(blocking_pool(), [work, done = std::move(done)]() mutable { done(work()); });
  };
  co_return co_await await_callback<R>(std::move(start));
}

}  // namespace smp::http
