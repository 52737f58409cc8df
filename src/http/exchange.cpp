// Writing a request and streaming its response on one connection.
#include "http/detail/exchange.hpp"

#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <optional>
#include <vector>

#include "base/base64.hpp"
#include "http/detail/coroutine_frame_warning.hpp"

namespace smp::http::detail {

namespace http = beast::http;

namespace {

// One TLS record's worth (16 KiB): an event stream's frames are far smaller, and a gateway holds
// one of these per open upstream stream, so 64 KiB cost ~48 MiB more at 1,000 streams.
constexpr std::size_t read_chunk_size = 16 * 1024;
constexpr std::uint32_t response_header_limit = 64 * 1024;
constexpr int max_interim_responses = 8;

bool valid_token(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 32 || u >= 127 ||
        std::string_view("\"(),/:;<=>?@[\\]{}").find(c) != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

bool valid_field_value(std::string_view s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 32 && c != '\t') || u == 127) return false;
  }
  return true;
}

bool hop_by_hop(std::string_view name) {
  return iequals(name, "connection") || iequals(name, "transfer-encoding") ||
         iequals(name, "content-length") || iequals(name, "keep-alive") ||
         iequals(name, "proxy-connection") || iequals(name, "upgrade") || iequals(name, "te");
}

Error read_error(const boost::system::error_code& ec, const Deadline& deadline,
                 const std::string& host) {
  if (ec == beast::error::timeout) return deadline.timeout_error("reading from", host);
  if (ec == http::error::body_limit) {
    return Error::make(ErrorKind::protocol, "ResponseTooLarge",
                       "the response from " + host + " is larger than the body limit");
  }
  if (ec == http::error::partial_message) {
    Error e = Error::make(ErrorKind::connection, "ConnectionClosed",
                          host + " closed the connection in the middle of the response");
    e.retryable = true;
    return e;
  }
  if (ec.category() == http::make_error_code(http::error::bad_version).category() &&
      ec != http::error::end_of_stream) {
    return Error::make(ErrorKind::protocol, "HttpProtocolError",
                       host + " sent an invalid HTTP response: " + ec.message());
  }
  return io_error(ec, "reading from", host);
}

template <class Stream>
Task<ExchangeResult> exchange_on(Stream& stream, TcpStream& tcp, beast::flat_buffer& buffer,
                                 OutgoingRequest& request, const Deadline& deadline,
                                 std::optional<std::size_t> body_limit, const HeadHandler& on_head,
                                 const BodySink& on_body) {
  ExchangeResult out{.head = ResponseHead{}};
  tcp.expires_at(deadline.next());
  auto [write_ec, written] = co_await http::async_write(stream, request.message, use_nothrow);
  if (write_ec) {
    out.head = std::unexpected(write_ec == beast::error::timeout
                                   ? deadline.timeout_error("writing to", request.host)
                                   : io_error(write_ec, "writing to", request.host));
    co_return out;
  }

  // Interim 1xx responses (103 Early Hints, an unasked-for 100 Continue) precede the real one.
  std::optional<http::response_parser<http::buffer_body>> reader;
  for (int interim = 0;; ++interim) {
    reader.emplace();
    reader->header_limit(response_header_limit);
    reader->body_limit(body_limit ? boost::optional<std::uint64_t>(*body_limit) : boost::none);
    if (request.expects_no_body) reader->skip(true);
    tcp.expires_at(deadline.next());
    auto [head_ec, head_bytes] =
        co_await http::async_read_header(stream, buffer, *reader, use_nothrow);
    out.response_started |= reader->got_some() || buffer.size() != 0;
    if (head_ec) {
      out.head = std::unexpected(read_error(head_ec, deadline, request.host));
      co_return out;
    }
    const unsigned status = reader->get().result_int();
    if (status >= 200 || status == 101) break;
    if (interim == max_interim_responses) {
      out.head = fail(ErrorKind::protocol, "HttpProtocolError",
                      request.host + " sent too many interim (1xx) responses");
      co_return out;
    }
  }
  auto& parser = *reader;

  ResponseHead head;
  head.status = parser.get().result_int();
  for (const auto& field : parser.get()) {
    head.headers.add(std::string(field.name_string()), std::string(field.value()));
  }
  if (on_head) {
    auto accepted = co_await on_head(head);
    if (!accepted) {
      out.head = std::unexpected(std::move(accepted.error()));
      co_return out;
    }
  }

  // A fixed buffer: the next socket read waits until the sink has taken the previous bytes.
  std::vector<char> chunk(read_chunk_size);
  while (!parser.is_done()) {
    auto& body = parser.get().body();
    body.data = chunk.data();
    body.size = chunk.size();
    tcp.expires_at(deadline.next());
    auto [ec, n] = co_await http::async_read_some(stream, buffer, parser, use_nothrow);
    if (ec == http::error::need_buffer) ec = {};
    if (ec) {
      out.head = std::unexpected(read_error(ec, deadline, request.host));
      co_return out;
    }
    std::size_t produced = chunk.size() - body.size;
    if (produced != 0 && on_body) {
      auto taken = co_await on_body(std::string_view(chunk.data(), produced));
      if (!taken) {
        out.head = std::unexpected(std::move(taken.error()));
        co_return out;
      }
    }
  }
  tcp.expires_never();
  out.reusable = parser.get().keep_alive() && buffer.size() == 0;
  out.head = std::move(head);
  co_return out;
}

}  // namespace

Result<OutgoingRequest> prepare_request(HttpRequest request, const Route& route,
                                        const std::string& user_agent) {
  if (!valid_token(request.method)) {
    return fail(ErrorKind::invalid_argument, "InvalidRequest",
                "invalid HTTP method '" + request.method + "'");
  }
  OutgoingRequest out;
  out.host = route.target.authority();
  auto& message = out.message;
  message.version(11);
  http::verb verb = http::string_to_verb(request.method);
  if (verb == http::verb::unknown) {
    message.method_string(request.method);
  } else {
    message.method(verb);
  }
  out.expects_no_body = verb == http::verb::head;
  message.target(route.kind == Route::Kind::forward_proxy ? route.target.to_string()
                                                          : route.target.target);

  bool has_host = false;
  bool has_user_agent = false;
  for (const auto& [name, value] : request.headers) {
    if (!valid_token(name) || !valid_field_value(value)) {
      return fail(ErrorKind::invalid_argument, "InvalidRequest",
                  "header '" + name + "' has a name or value that cannot be sent");
    }
    if (hop_by_hop(name)) continue;
    has_host |= iequals(name, "host");
    has_user_agent |= iequals(name, "user-agent");
    message.insert(name, value);
  }
  // The signer may have set Host already; it must stay byte-identical to the signed value.
  if (!has_host) message.set(http::field::host, route.target.authority());
  if (!has_user_agent && !user_agent.empty()) message.set(http::field::user_agent, user_agent);
  if (route.kind == Route::Kind::forward_proxy && !route.proxy.user.empty()) {
    message.set(http::field::proxy_authorization,
                "Basic " + base64_encode(route.proxy.user + ":" + route.proxy.password));
  }
  message.body() = std::move(request.body);
  message.prepare_payload();
  return out;
}

Task<ExchangeResult> exchange(Connection& connection, OutgoingRequest& request,
                              const Deadline& deadline, std::optional<std::size_t> body_limit,
                              const HeadHandler& on_head, const BodySink& on_body) {
  TcpStream& tcp = connection.tcp();
  beast::flat_buffer& buffer = connection.buffer();
  return std::visit(
      [&](auto& stream) {
        return exchange_on(stream, tcp, buffer, request, deadline, body_limit, on_head, on_body);
      },
      connection.stream());
}

}  // namespace smp::http::detail
