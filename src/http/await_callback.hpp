#pragma once
// Awaiting an API that answers through a callback, possibly on another thread (a credentials
// provider's worker, a blocking-work pool). The coroutine does not suspend when the answer comes
// inline, and otherwise resumes on its own executor, never on the answering thread.
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "http/task.hpp"

namespace smp::http {

// `start(done)` must call `done(answer)` exactly once, inline or later from any thread.
template <class T>
Task<T> await_callback(std::function<void(std::function<void(T)>)> start) {
  // Where the answer meets the coroutine: it may arrive before or after the coroutine registers
  // how it wants to be resumed; the mutex orders the two.
  struct Rendezvous {
    std::mutex mutex;
    std::optional<T> answer;
    std::function<void(T)> resume;
  };
  auto rendezvous = std::make_shared<Rendezvous>();
  start([rendezvous](T answer) {
    std::function<void(T)> resume;
    {
      std::lock_guard lock(rendezvous->mutex);
      if (!rendezvous->resume) {
        rendezvous->answer.emplace(std::move(answer));
        return;
      }
      resume = std::move(rendezvous->resume);
    }
    resume(std::move(answer));
  });
  {
    std::lock_guard lock(rendezvous->mutex);
    if (rendezvous->answer) co_return std::move(*rendezvous->answer);
  }

  const auto executor = co_await boost::asio::this_coro::executor;
  // A named initiation, not a lambda temporary inside the co_await expression: g++ 12 destroys
  // such temporaries twice in coroutines (here: the captured executor, then a crash).
  auto initiation = [rendezvous, executor](auto handler) {
    auto shared = std::make_shared<decltype(handler)>(std::move(handler));
    auto resume = [shared, executor](T answer) {
      boost::asio::post(executor, [shared, answer = std::move(answer)]() mutable {
        (*shared)(std::move(answer));
      });
    };
    std::unique_lock lock(rendezvous->mutex);
    if (rendezvous->answer) {  // arrived between the check above and now
      T answer = std::move(*rendezvous->answer);
      lock.unlock();
      resume(std::move(answer));
      return;
    }
    rendezvous->resume = std::move(resume);
  };
  co_return co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(T)>(
      std::move(initiation), boost::asio::use_awaitable);
}

}  // namespace smp::http
