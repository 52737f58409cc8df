// The server's request parser (Beast with our limits) under arbitrary bytes.
//
// Input layout: byte 0 picks where the bytes are split for an incremental feed (as the server
// reads them off a socket); the rest is the request. Oracles beyond "no crash, no sanitizer
// report":
//  - fed whole or in two pieces, the parser accepts or rejects alike, and what it accepts is
//    the same request;
//  - a parse error maps to 400, 413 or 431 and nothing else;
//  - an accepted request has a method, a target and a path starting with '/', and re-rendered
//    canonically (Content-Length framing) it parses back to the same method, target, headers
//    and body;
//  - the router and query helpers accept whatever path and query came through.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/detail/request_parsing.hpp"
#include "http/router.hpp"

namespace {

using namespace smp::http;
using namespace smp::http::detail;

[[noreturn]] void broken(const char* oracle) {
  std::fprintf(stderr, "oracle failed: %s\n", oracle);
  std::abort();
}

const RequestLimits limits{.max_header_bytes = 4096, .max_body_bytes = 16 * 1024};

// Feeds the parser the way the session does: bytes arrive in pieces, unconsumed input stays.
smp::Result<ServerRequest> parse_in_two(std::string_view bytes, std::size_t cut) {
  RequestParser parser;
  apply_limits(parser, limits);
  std::string pending;
  std::size_t header_bytes = 0;  // counted like async_read_header: not eager until its end
  boost::system::error_code ec;
  for (std::string_view piece : {bytes.substr(0, cut), bytes.substr(cut)}) {
    pending.append(piece);
    while (!ec && !parser.is_done() && !pending.empty()) {
      const bool in_header = !parser.is_header_done();
      std::size_t used = parser.put(boost::asio::buffer(pending), ec);
      pending.erase(0, used);  // need_more can come with bytes consumed
      if (in_header) header_bytes += used;
      if (in_header && !ec && parser.is_header_done()) {
        ec = check_header_size(header_bytes, limits);
        parser.eager(true);
      }
      if (ec == boost::beast::http::error::need_more) {
        ec = {};
        break;
      }
      if (used == 0) break;
    }
    if (ec) break;
  }
  if (!ec && !parser.is_done()) {
    if (parser.is_header_done() && !parser.chunked() && !parser.content_length()) {
      parser.put_eof(ec);
    } else {
      ec = boost::beast::http::error::partial_message;
    }
  }
  // The session refuses these targets right after the header, as parse_request does.
  if (!ec && !acceptable_target(parser.get().target())) ec = boost::beast::http::error::bad_target;
  if (ec) {
    smp::Error e = smp::Error::make(smp::ErrorKind::protocol, "BadRequest", ec.message());
    e.http_status = status_for_parse_error(ec);
    return std::unexpected(e);
  }
  return to_server_request(parser, {});
}

bool same_request(const ServerRequest& a, const ServerRequest& b) {
  return a.method == b.method && a.target == b.target && a.path == b.path && a.query == b.query &&
         a.body == b.body && a.headers.fields() == b.headers.fields() &&
         a.http_version == b.http_version;
}

std::string render(const ServerRequest& r) {
  std::string out =
      r.method + " " + r.target + (r.http_version == 10 ? " HTTP/1.0\r\n" : " HTTP/1.1\r\n");
  for (const auto& [name, value] : r.headers) {
    if (smp::iequals(name, "content-length") || smp::iequals(name, "transfer-encoding")) continue;
    out += name + ": " + value + "\r\n";
  }
  out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n\r\n" + r.body;
  return out;
}

Task<void> nothing(ServerRequest&, ResponseWriter&) {
  co_return;
}

const Router& router() {
  static const Router r = [] {
    Router r;
    r.post("/endpoints/{name}/invocations", nothing);
    r.put("/{bucket}/{key+}", nothing);
    r.add("*", "/", nothing);
    return r;
  }();
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::size_t cut = bytes.empty() ? 0 : data[0] % (bytes.size() + 1);

  auto whole = parse_request(bytes, limits);
  auto pieces = parse_in_two(bytes, cut);
  // The header limit is settled on the parsed header's size, so how the bytes were split must
  // not change whether a request is accepted.
  if (whole.has_value() != pieces.has_value()) broken("whole and split feeds disagree");
  if (!whole) {
    int status = whole.error().http_status;
    if (status != 400 && status != 413 && status != 431) broken("unexpected status");
    // Which fault is reported first can depend on how the bytes were split (an oversized
    // header that also holds a bad byte is 431 or 400), so only the verdict must agree.
    int split_status = pieces.error().http_status;
    if (split_status != 400 && split_status != 413 && split_status != 431) {
      broken("unexpected status for the split feed");
    }
    return 0;
  }
  if (!same_request(*whole, *pieces)) broken("whole and split requests differ");
  if (whole->method.empty() || whole->target.empty() || whole->path.empty() ||
      whole->path.front() != '/') {
    broken("accepted request without method, target or path");
  }

  // Canonical framing must not change what the request says. (Header names with obs-fold or
  // odd whitespace are normalised by the parser already, so the comparison is exact.)
  auto again = parse_request(render(*whole),
                             RequestLimits{.max_header_bytes = 1 << 20, .max_body_bytes = 1 << 20});
  if (!again) broken("re-rendered request does not parse");
  ServerRequest expected = *whole;
  expected.headers = {};
  for (const auto& [name, value] : whole->headers) {
    if (!smp::iequals(name, "content-length") && !smp::iequals(name, "transfer-encoding")) {
      expected.headers.add(name, value);
    }
  }
  expected.headers.add("Content-Length", std::to_string(whole->body.size()));
  if (!same_request(expected, *again)) broken("re-rendered request differs");

  auto match = router().match(whole->method, whole->path);
  (void)match;
  (void)whole->query_param("X-Amz-Date");
  return 0;
}
