#pragma once
// The coroutine type of the http layer's public API.
#include <boost/asio/awaitable.hpp>

namespace smp::http {

template <class T>
using Task = boost::asio::awaitable<T>;

}  // namespace smp::http
