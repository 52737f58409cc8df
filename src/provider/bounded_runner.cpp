#include "provider/bounded_runner.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace smp::provider {
namespace {

struct Shared {
  std::mutex mutex;  // the executor may run on several threads
  std::size_t next = 0;
  std::size_t count = 0;
  std::optional<Error> error;
};

// A free function (not a capturing lambda) so nothing it uses dies before it finishes.
http::Task<void> worker(std::shared_ptr<Shared> shared, const BoundedJob* job) {
  for (;;) {
    std::size_t index = 0;
    {
      std::lock_guard lock(shared->mutex);
      if (shared->error || shared->next >= shared->count) co_return;
      index = shared->next++;
    }
    auto done = co_await (*job)(index);
    if (!done) {
      std::lock_guard lock(shared->mutex);
      if (!shared->error) shared->error = std::move(done.error());
    }
  }
}

}  // namespace

http::Task<Result<void>> run_bounded(std::size_t count, std::size_t limit, BoundedJob job) {
  if (count == 0) co_return Result<void>{};
  auto shared = std::make_shared<Shared>();
  shared->count = count;
  const std::size_t workers = std::max<std::size_t>(1, std::min(limit, count));
  if (workers == 1) {
    co_await worker(shared, &job);
  } else {
    auto executor = co_await boost::asio::this_coro::executor;
    using Op =
        decltype(boost::asio::co_spawn(executor, worker(shared, &job), boost::asio::deferred));
    std::vector<Op> ops;
    ops.reserve(workers);
    for (std::size_t i = 0; i < workers; ++i)
      ops.push_back(boost::asio::co_spawn(executor, worker(shared, &job), boost::asio::deferred));
    auto [order, exceptions] =
        co_await boost::asio::experimental::make_parallel_group(std::move(ops))
            .async_wait(boost::asio::experimental::wait_for_all(), boost::asio::use_awaitable);
    for (auto& e : exceptions)
      if (e) std::rethrow_exception(e);
  }
  if (shared->error) co_return std::unexpected(std::move(*shared->error));
  co_return Result<void>{};
}

}  // namespace smp::provider
