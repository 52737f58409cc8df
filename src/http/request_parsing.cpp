#include "http/detail/request_parsing.hpp"

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/error.hpp>

namespace smp::http::detail {

namespace http = boost::beast::http;

void apply_limits(RequestParser& parser, const RequestLimits& limits) {
  parser.header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(limits.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
  parser.body_limit(limits.max_body_bytes);
}

boost::system::error_code check_header_size(std::size_t header_bytes, const RequestLimits& limits) {
  if (header_bytes > limits.max_header_bytes) return http::error::header_limit;
  return {};
}

int status_for_parse_error(const boost::system::error_code& ec) {
  if (ec == http::error::header_limit) return 431;
  if (ec == http::error::body_limit) return 413;
  return 400;
}

std::string reason_for_parse_error(const boost::system::error_code& ec,
                                   const RequestLimits& limits) {
  // Beast's own words ("body limit exceeded") do not tell a client what the limit is.
  if (ec == http::error::body_limit)
    return "the request body is larger than " + std::to_string(limits.max_body_bytes) + " bytes";
  if (ec == http::error::header_limit)
    return "the request headers are larger than " + std::to_string(limits.max_header_bytes) +
           " bytes";
  return "invalid HTTP request: " + ec.message();
}

bool acceptable_target(std::string_view target) {
  if (target.starts_with('/')) return true;
  auto scheme_end = target.find("://");
  if (scheme_end == std::string_view::npos) return false;
  std::string_view scheme = target.substr(0, scheme_end);
  return smp::iequals(scheme, "http") || smp::iequals(scheme, "https");
}

ServerRequest to_server_request(RequestParser& parser, std::string remote_address) {
  auto message = parser.release();
  ServerRequest request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  request.http_version = message.version();
  request.remote_address = std::move(remote_address);

  std::string_view target = request.target;
  // Absolute-form ("http://host/path?q"): keep only the path and query.
  if (!target.empty() && target.front() != '/') {
    std::size_t scheme_end = target.find("://");
    if (scheme_end != std::string_view::npos) {
      std::size_t path_start = target.find('/', scheme_end + 3);
      std::size_t query_start = target.find('?', scheme_end + 3);
      std::size_t start = std::min(path_start, query_start);
      target = start == std::string_view::npos ? std::string_view("/") : target.substr(start);
    }
  }
  std::size_t question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (request.path.empty()) request.path = "/";
  if (question != std::string_view::npos) request.query = std::string(target.substr(question + 1));

  for (const auto& field : message) {
    request.headers.add(std::string(field.name_string()), std::string(field.value()));
  }
  request.body = std::move(message.body());
  return request;
}

Result<ServerRequest> parse_request(std::string_view bytes, const RequestLimits& limits) {
  RequestParser parser;
  apply_limits(parser, limits);
  // The header first (not eager: put() stops at its end), so its size is known.
  boost::system::error_code ec;
  std::size_t used = parser.put(boost::asio::buffer(bytes.data(), bytes.size()), ec);
  if (!ec && parser.is_header_done()) ec = check_header_size(used, limits);
  parser.eager(true);
  // Bodies delivered in several put() calls: keep feeding what is left.
  while (!ec && !parser.is_done() && used < bytes.size()) {
    std::size_t n = parser.put(boost::asio::buffer(bytes.data() + used, bytes.size() - used), ec);
    if (n == 0) break;
    used += n;
  }
  if (ec == http::error::need_more) ec = http::error::partial_message;
  if (!ec && !parser.is_done()) {
    if (parser.is_header_done() && !parser.chunked() && !parser.content_length()) {
      parser.put_eof(ec);  // a request without a length has no body
    } else {
      ec = http::error::partial_message;
    }
  }
  if (!ec && !acceptable_target(parser.get().target())) ec = http::error::bad_target;
  if (ec) {
    Error e =
        Error::make(ErrorKind::protocol, "BadRequest", "invalid HTTP request: " + ec.message());
    e.http_status = status_for_parse_error(ec);
    return std::unexpected(std::move(e));
  }
  return to_server_request(parser, {});
}

}  // namespace smp::http::detail
