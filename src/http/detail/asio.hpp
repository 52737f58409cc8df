#pragma once
// Shared Asio/Beast spellings for the http layer's .cpp files (never included by public headers).
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>

namespace smp::http::detail {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

// Completion token that returns (error_code, results...) instead of throwing.
inline constexpr auto use_nothrow = net::as_tuple(net::use_awaitable);

}  // namespace smp::http::detail
