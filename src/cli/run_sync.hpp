#pragma once
// Runs one coroutine to completion on the command's io_context: the command line is a single
// request (or a few), so it owns the event loop and blocks until the answer is in.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <exception>
#include <optional>

#include "http/task.hpp"

namespace smp::cli {

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

}  // namespace smp::cli
