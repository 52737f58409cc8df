#pragma once
// The stream framer: the bytes of a container's streamed reply (the PayloadPart payloads of
// InvokeEndpointWithResponseStream, in order) → typed records (aws-wire.md §2.7).
//
// SageMaker cuts parts at arbitrary byte boundaries, so a part may hold half a record, several
// records, or half of a UTF-8 character. The framer therefore works on bytes and only looks at
// complete lines. It accepts, in any mix:
//  - SSE: `data:` with or without the space, multi-line data, `event:`/`id:`/`retry:` fields,
//    `:` comments, blank and whitespace-only keep-alive lines, CRLF or LF;
//  - JSON lines (LMI's application/jsonlines): one bare JSON value per line;
//  - a single JSON document (a container that ignored "stream"), also pretty-printed over many
//    lines or sent without any newline at all; recognised when it ends or at finish();
//  - `[DONE]` as its own event or glued to the previous record (`…}[DONE]`, `…}data: [DONE]`),
//    and records glued without a newline (`{…}{…}`);
//  - a last line without a newline (flushed by finish()).
// Nothing is dropped silently: a line that is none of the above is an Error (kind protocol)
// quoting the line's first 200 bytes. A record longer than the limit is an error too.
//
// One framer per response stream; it is not thread-safe and keeps no state beyond the stream.
#include <cstddef>
#include <string>
#include <string_view>

#include "base/error.hpp"
#include "models/function_ref.hpp"
#include "models/json_value_scanner.hpp"

namespace smp::models {

enum class RecordKind {
  json,   // `text` is one complete JSON value (not yet parsed)
  done,   // the `[DONE]` sentinel
  event,  // an SSE `event:` field; `text` is the event name
};

// Where a json record came from, for callers that care (a document means the container
// answered a streaming request with one non-streaming body).
enum class Framing { sse, json_lines, document };

std::string_view to_string(RecordKind kind);
std::string_view to_string(Framing framing);

struct StreamRecord {
  RecordKind kind = RecordKind::json;
  Framing framing = Framing::sse;
  std::string_view text;  // valid only during the sink call
};

struct StreamFramerLimits {
  std::size_t max_record_bytes = std::size_t{16} << 20;  // a longer line or value is an error
};

// Receives each record as soon as it is complete. Returning an error stops the framer, and
// feed()/finish() return that error.
using RecordSink = FunctionRef<Result<void>(const StreamRecord&)>;

class StreamFramer {
 public:
  explicit StreamFramer(StreamFramerLimits limits = {}) : limits_(limits) {}

  // Consumes the next payload part.
  Result<void> feed(std::string_view bytes, RecordSink sink);
  // Marks the end of the stream: flushes a last line without a newline and reports a value
  // that never ended. Call once; feed() and finish() after an error or after finish() fail.
  Result<void> finish(RecordSink sink);

  // How many records were delivered so far (json, done and event).
  std::size_t records_emitted() const { return emitted_; }

 private:
  Result<void> handle_line(std::string_view line, bool terminated, RecordSink sink);
  // `text` is a complete line (or what follows a value on it), never a fragment of one.
  Result<void> handle_json_text(std::string_view text, Framing framing, RecordSink sink);
  Result<void> continue_pending(std::string_view more, RecordSink sink);
  Result<void> emit(RecordKind kind, Framing framing, std::string_view text, RecordSink sink);
  Result<void> stopped(Error error);

  StreamFramerLimits limits_;
  std::string partial_line_;  // bytes after the last newline seen so far
  std::string pending_;       // a JSON value that began on an earlier line and has not ended
  Framing pending_framing_ = Framing::sse;
  JsonValueScanner scanner_;  // state of the value in pending_
  std::size_t emitted_ = 0;
  bool at_stream_start_ = true;
  bool closed_ = false;
};

}  // namespace smp::models
