#pragma once
// Runs one coroutine to completion on an io_context the caller owns and blocks until the answer
// is in: how a CLI command (one request, or a few) and a test drive the async layers. An
// exception the coroutine lets escape is rethrown here.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <exception>
#include <optional>

#include "http/task.hpp"

namespace smp::http {

template <class T>
T run_sync(boost::asio::io_context& io, http::Task<T> task) {
  std::optional<T> result;
  std::exception_ptr failure;
  boost::asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, T value) {
    failure = e;
    if (!e) result.emplace(std::move(value));
  });
  io.restart();
  io.run();
  if (failure) std::rethrow_exception(failure);
  return std::move(*result);
}

}  // namespace smp::http
