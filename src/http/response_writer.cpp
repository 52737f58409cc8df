// Response framing: status line and headers, Content-Length or chunked bodies, SSE events.
#include "http/response_writer.hpp"

#include <boost/beast/http/status.hpp>
#include <cstdio>

#include "http/detail/response_channel.hpp"

namespace smp::http {

namespace {

bool bodiless_status(int status) {
  return (status >= 100 && status < 200) || status == 204 || status == 304;
}

// Headers the writer owns: the framing and connection management it decides itself.
bool framing_header(std::string_view name) {
  return iequals(name, "content-length") || iequals(name, "transfer-encoding") ||
         iequals(name, "connection") || iequals(name, "keep-alive");
}

bool safe_field(std::string_view name, std::string_view value) {
  if (name.empty()) return false;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 32 || u >= 127 || c == ':') return false;
  }
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 32 && c != '\t') || u == 127) return false;
  }
  return true;
}

std::string reason(int status) {
  auto text = boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status));
  return text == "<unknown-status>" ? std::string() : std::string(text);
}

}  // namespace

ResponseWriter::ResponseWriter(detail::ResponseChannel& channel, unsigned http_version,
                               bool keep_alive, bool head_request)
    : channel_(channel),
      http_version_(http_version),
      keep_alive_(keep_alive),
      head_request_(head_request) {}

bool ResponseWriter::disconnected() const {
  return channel_.disconnected();
}

Result<void> ResponseWriter::check_state(State wanted) const {
  if (channel_.disconnected()) {
    return fail(ErrorKind::connection, "ClientDisconnected", "the client closed the connection");
  }
  if (state_ != wanted) {
    return fail(ErrorKind::internal, "ResponseState",
                state_ == State::idle ? "no response stream was started"
                                      : "a response was already sent or started");
  }
  return {};
}

Task<Result<void>> ResponseWriter::write_head(int status, const Headers& headers, Framing framing,
                                              std::string_view body) {
  if (status < 100 || status > 999) {
    co_return fail(ErrorKind::internal, "ResponseState",
                   "invalid status " + std::to_string(status));
  }
  std::string head = http_version_ == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  head += std::to_string(status);
  head += ' ';
  head += reason(status);
  head += "\r\n";
  for (const auto& [name, value] : headers) {
    if (!safe_field(name, value)) {
      co_return fail(ErrorKind::internal, "ResponseState",
                     "response header '" + name + "' cannot be sent as is");
    }
    if (iequals(name, "connection") && iequals(value, "close")) keep_alive_ = false;
    if (framing_header(name)) continue;
    head += name;
    head += ": ";
    head += value;
    head += "\r\n";
  }
  if (!channel_.accepting_more_requests()) keep_alive_ = false;
  if (framing == Framing::chunked) {
    head += "Transfer-Encoding: chunked\r\n";
  } else if (framing == Framing::content_length && !bodiless_status(status)) {
    head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  if (!keep_alive_) {
    head += "Connection: close\r\n";
  } else if (http_version_ == 10) {
    head += "Connection: keep-alive\r\n";
  }
  head += "\r\n";
  if (head_request_ || bodiless_status(status)) body = {};
  co_return co_await channel_.write(head, body);
}

Task<Result<void>> ResponseWriter::send(HttpResponse response) {
  if (auto ok = check_state(State::idle); !ok) co_return ok;
  state_ = State::complete;
  const std::string& body = response.body;
  co_return co_await write_head(response.status, response.headers, Framing::content_length, body);
}

Task<Result<void>> ResponseWriter::send(int status, std::string body, std::string content_type) {
  HttpResponse response;
  response.status = status;
  if (!content_type.empty()) response.headers.add("Content-Type", std::move(content_type));
  response.body = std::move(body);
  co_return co_await send(std::move(response));
}

Task<Result<void>> ResponseWriter::begin_stream(int status, Headers headers) {
  if (auto ok = check_state(State::idle); !ok) co_return ok;
  // HTTP/1.0 has no chunked coding: the body ends when the connection closes.
  chunked_ = http_version_ == 11 && !head_request_ && !bodiless_status(status);
  if (http_version_ != 11) keep_alive_ = false;
  auto written = co_await write_head(
      status, headers, chunked_ ? Framing::chunked : Framing::until_close, std::string_view{});
  state_ = State::streaming;
  co_return written;
}

Task<Result<void>> ResponseWriter::write(std::string_view bytes) {
  if (auto ok = check_state(State::streaming); !ok) co_return ok;
  if (bytes.empty() || head_request_) co_return Result<void>{};
  if (!chunked_) co_return co_await channel_.write(bytes);
  char size_line[24];
  int n = std::snprintf(size_line, sizeof size_line, "%zx\r\n", bytes.size());
  co_return co_await channel_.write(std::string_view(size_line, static_cast<std::size_t>(n)), bytes,
                                    "\r\n");
}

Task<Result<void>> ResponseWriter::end_stream() {
  if (auto ok = check_state(State::streaming); !ok) co_return ok;
  state_ = State::complete;
  if (!chunked_) co_return Result<void>{};
  co_return co_await channel_.write("0\r\n\r\n");
}

Task<Result<void>> ResponseWriter::begin_sse(Headers headers) {
  Headers all;
  all.add("Content-Type", "text/event-stream");
  all.add("Cache-Control", "no-cache");
  all.add("X-Accel-Buffering", "no");  // nginx and friends: do not hold events back
  for (const auto& [name, value] : headers)
    all.set(name, value);
  co_return co_await begin_stream(200, std::move(all));
}

Task<Result<void>> ResponseWriter::send_event(const SseEvent& event) {
  co_return co_await write(format_sse_event(event));
}

Task<Result<void>> ResponseWriter::send_event(std::string_view data, std::string_view event_name) {
  SseEvent event;
  event.data = std::string(data);
  event.event = std::string(event_name);
  co_return co_await write(format_sse_event(event));
}

Task<Result<void>> ResponseWriter::send_comment(std::string_view text) {
  co_return co_await write(format_sse_comment(text));
}

}  // namespace smp::http
