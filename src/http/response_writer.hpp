#pragma once
// How a server handler answers: one whole response, or a streaming one (chunked, or server-sent
// events flushed per event). Not thread-safe: one handler coroutine writes at a time.
//
// The writer notices when the client goes away: writes then fail with ErrorKind::connection
// (code "ClientDisconnected"), and the server also cancels the handler coroutine, so whatever it
// awaits (an upstream request, a timer) completes with operation_aborted and it can stop work.
#include <string>
#include <string_view>

#include "base/error.hpp"
#include "base/http_message.hpp"
#include "http/sse.hpp"
#include "http/task.hpp"

namespace smp::http {

namespace detail {
class ResponseChannel;
}

class ResponseWriter {
 public:
  enum class State { idle, streaming, complete };

  // Constructed by the server for each request.
  ResponseWriter(detail::ResponseChannel& channel, unsigned http_version, bool keep_alive,
                 bool head_request);

  // A complete response; Content-Length is set from the body.
  Task<Result<void>> send(HttpResponse response);
  Task<Result<void>> send(int status, std::string body,
                          std::string content_type = "text/plain; charset=utf-8");

  // A response whose body follows in pieces: chunked on HTTP/1.1, close-delimited on HTTP/1.0.
  Task<Result<void>> begin_stream(int status, Headers headers);
  // Sends the bytes now (one chunk); empty input sends nothing.
  Task<Result<void>> write(std::string_view bytes);
  // Ends the stream (the last chunk). The server also ends a stream the handler left open.
  Task<Result<void>> end_stream();

  // begin_stream(200) with Content-Type: text/event-stream and no caching or proxy buffering;
  // `headers` may override those or add more.
  Task<Result<void>> begin_sse(Headers headers = {});
  Task<Result<void>> send_event(const SseEvent& event);
  // The common case without building an SseEvent. (g++ 12 mishandles braced aggregate
  // temporaries inside co_await expressions: prefer this or a named SseEvent.)
  Task<Result<void>> send_event(std::string_view data, std::string_view event_name = {});
  Task<Result<void>> send_comment(std::string_view text);

  State state() const { return state_; }
  bool disconnected() const;
  // Whether the connection may serve another request after this response.
  bool keep_alive() const { return keep_alive_; }

 private:
  enum class Framing { content_length, chunked, until_close };
  Task<Result<void>> write_head(int status, const Headers& headers, Framing framing,
                                std::string_view body);
  Result<void> check_state(State wanted) const;

  detail::ResponseChannel& channel_;
  unsigned http_version_;
  bool keep_alive_;
  bool head_request_;
  bool chunked_ = false;
  State state_ = State::idle;
};

}  // namespace smp::http
