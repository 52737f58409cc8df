#pragma once
// The server's request parser settings and the conversion to ServerRequest, shared by the server
// session and the fuzz target (fuzz/fuzz_http_request.cpp).
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <string>
#include <string_view>

#include "base/error.hpp"
#include "http/server_request.hpp"

namespace smp::http::detail {

using RequestParser = boost::beast::http::request_parser<boost::beast::http::string_body>;

struct RequestLimits {
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 8 * 1024 * 1024;
};

void apply_limits(RequestParser& parser, const RequestLimits& limits);

// Beast applies its header limit to the start line and to the fields separately, and only to
// what is buffered while no end of header is in sight: a header of up to about twice the limit
// can pass. Given the byte count of a parsed header, this settles the limit exactly
// (http::error::header_limit, answered with 431, or success).
boost::system::error_code check_header_size(std::size_t header_bytes, const RequestLimits& limits);

// The status the server answers a failed parse with: 431 for headers over the limit, 413 for a
// body over the limit, 400 for anything else.
int status_for_parse_error(const boost::system::error_code& ec);
// The reason sent with that status: the limit in bytes for 413/431, Beast's message otherwise.
std::string reason_for_parse_error(const boost::system::error_code& ec,
                                   const RequestLimits& limits);

// Origin-form ("/path?query") or absolute-form ("http://host/path") targets only; anything else
// (authority-form, "*", bare words) is answered with 400.
bool acceptable_target(std::string_view target);

ServerRequest to_server_request(RequestParser& parser, std::string remote_address);

// Parses one request held in memory. Errors carry http_status from status_for_parse_error
// (400 too for an unacceptable target).
Result<ServerRequest> parse_request(std::string_view bytes, const RequestLimits& limits);

}  // namespace smp::http::detail
