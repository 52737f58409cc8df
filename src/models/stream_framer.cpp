#include "models/stream_framer.hpp"

#include <cstring>
#include <utility>

#include "models/json_reply.hpp"

namespace smp::models {
namespace {

constexpr std::string_view kDone = "[DONE]";
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

std::string_view trim_left(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  return s;
}

std::string_view trim(std::string_view s) {
  s = trim_left(s);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

// The value of an SSE field: everything after "name:", minus one optional leading space.
std::string_view field_value(std::string_view line, std::size_t name_length) {
  std::string_view value = line.substr(name_length);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  return value;
}

bool is_ignored_sse_field(std::string_view line) {
  return line.starts_with(':') || line.starts_with("id:") || line.starts_with("retry:");
}

// A top-level literal or number must look like one; anything else (`data: hello`) is text the
// JSON parser would reject anyway, and failing here quotes the whole line.
bool is_plausible_scalar(std::string_view token) {
  if (token == "true" || token == "false" || token == "null") return true;
  const char c = token.front();
  return c == '-' || (c >= '0' && c <= '9');
}

std::unexpected<Error> framing_error(std::string code, std::string message,
                                     std::string_view record) {
  Error e = Error::make(ErrorKind::protocol, std::move(code), std::move(message));
  e.with_detail("record", excerpt(record));
  return std::unexpected(std::move(e));
}

std::unexpected<Error> too_long(std::size_t limit, std::string_view record) {
  return framing_error("StreamRecordTooLong",
                       "a streamed record is longer than " + std::to_string(limit) + " bytes",
                       record);
}

}  // namespace

std::string_view to_string(RecordKind kind) {
  switch (kind) {
    case RecordKind::json:
      return "json";
    case RecordKind::done:
      return "done";
    case RecordKind::event:
      return "event";
  }
  return "json";
}

std::string_view to_string(Framing framing) {
  switch (framing) {
    case Framing::sse:
      return "sse";
    case Framing::json_lines:
      return "json_lines";
    case Framing::document:
      return "document";
  }
  return "sse";
}

Result<void> StreamFramer::stopped(Error error) {
  closed_ = true;
  partial_line_.clear();
  pending_.clear();
  return std::unexpected(std::move(error));
}

Result<void> StreamFramer::emit(RecordKind kind, Framing framing, std::string_view text,
                                RecordSink sink) {
  ++emitted_;
  return sink(StreamRecord{kind, framing, text});
}

Result<void> StreamFramer::feed(std::string_view bytes, RecordSink sink) {
  if (closed_) {
    return fail(ErrorKind::internal, "StreamFramerClosed", "the stream framer was already closed");
  }
  while (!bytes.empty()) {
    const auto* newline = static_cast<const char*>(std::memchr(bytes.data(), '\n', bytes.size()));
    if (newline == nullptr) {
      if (partial_line_.size() + bytes.size() > limits_.max_record_bytes) {
        partial_line_.append(bytes.substr(0, kExcerptBytes));
        return stopped(too_long(limits_.max_record_bytes, partial_line_).error());
      }
      partial_line_.append(bytes);
      return {};
    }
    const auto length = static_cast<std::size_t>(newline - bytes.data());
    std::string_view line = bytes.substr(0, length);
    if (!partial_line_.empty()) {
      // The line began in an earlier part: complete it in the buffer. Lines wholly inside
      // this part are handled in place, without a copy.
      partial_line_.append(line);
      line = partial_line_;
    }
    if (line.size() > limits_.max_record_bytes) {
      return stopped(too_long(limits_.max_record_bytes, line).error());
    }
    auto handled = handle_line(line, /*terminated=*/true, sink);
    partial_line_.clear();
    if (!handled) return stopped(std::move(handled.error()));
    bytes.remove_prefix(length + 1);
  }
  return {};
}

Result<void> StreamFramer::finish(RecordSink sink) {
  if (closed_) {
    return fail(ErrorKind::internal, "StreamFramerClosed", "the stream framer was already closed");
  }
  if (!partial_line_.empty()) {
    const std::string last = std::move(partial_line_);
    partial_line_.clear();
    if (auto handled = handle_line(last, /*terminated=*/false, sink); !handled) {
      return stopped(std::move(handled.error()));
    }
  }
  closed_ = true;
  if (!pending_.empty()) {
    return stopped(framing_error("UnfinishedStreamRecord",
                                 "the stream ended inside an unfinished JSON value", pending_)
                       .error());
  }
  return {};
}

Result<void> StreamFramer::handle_line(std::string_view line, bool terminated, RecordSink sink) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (at_stream_start_) {
    at_stream_start_ = false;
    if (line.starts_with(kUtf8Bom)) line.remove_prefix(kUtf8Bom.size());
  }
  if (!pending_.empty()) return continue_pending(line, sink);

  // A blank line ends an SSE event. Data was already delivered when its JSON value completed,
  // so there is nothing left to dispatch; blank lines between JSON lines are keep-alives.
  if (line.empty() || is_ignored_sse_field(line)) return {};
  if (line.starts_with("data:")) {
    return handle_json_text(field_value(line, 5), Framing::sse, sink);
  }
  if (line.starts_with("event:")) {
    return emit(RecordKind::event, Framing::sse, trim(field_value(line, 6)), sink);
  }
  const std::string_view text = trim(line);
  if (text.empty()) return {};  // whitespace-only keep-alive
  // A value that arrives without any newline and is the only thing in the stream is a
  // single non-streaming document.
  const bool whole_stream = !terminated && emitted_ == 0;
  return handle_json_text(text, whole_stream ? Framing::document : Framing::json_lines, sink);
}

Result<void> StreamFramer::handle_json_text(std::string_view text, Framing framing,
                                            RecordSink sink) {
  const std::string_view whole_line = text;
  while (true) {
    text = trim_left(text);
    if (text.empty()) return {};
    if (text.starts_with(kDone)) {
      if (auto r = emit(RecordKind::done, framing, kDone, sink); !r) return r;
      text.remove_prefix(kDone.size());
      continue;
    }
    if (text.starts_with("data:")) {  // an SSE event glued to the previous one
      text = field_value(text, 5);
      framing = Framing::sse;
      continue;
    }
    const auto step = scanner_.scan(text);
    switch (step.status) {
      case JsonValueScanner::Status::value_end: {
        const std::string_view value = text.substr(0, step.offset);
        const char first = value.front();
        if (first != '{' && first != '[' && first != '"' && !is_plausible_scalar(value)) {
          scanner_.reset();
          return framing_error("InvalidStreamRecord", "a streamed line is not JSON or SSE",
                               whole_line);
        }
        if (auto r = emit(RecordKind::json, framing, value, sink); !r) return r;
        text.remove_prefix(step.offset);
        continue;
      }
      case JsonValueScanner::Status::need_more:
        if (scanner_.in_top_level_scalar()) {
          // The end of the line ends a literal or number.
          scanner_.reset();
          text = trim(text);
          if (!is_plausible_scalar(text)) {
            return framing_error("InvalidStreamRecord", "a streamed line is not JSON or SSE",
                                 whole_line);
          }
          return emit(RecordKind::json, framing, text, sink);
        }
        // The value continues on the next line (multi-line SSE data, a pretty-printed
        // document): keep it until it ends.
        pending_.assign(text);
        pending_framing_ = framing;
        return {};
      case JsonValueScanner::Status::invalid:
        scanner_.reset();
        return framing_error("InvalidStreamRecord", "a streamed line is not JSON or SSE",
                             whole_line);
    }
  }
}

Result<void> StreamFramer::continue_pending(std::string_view line, RecordSink sink) {
  std::string_view more = line;
  if (pending_framing_ == Framing::sse) {
    if (line.starts_with("data:")) {
      more = field_value(line, 5);
    } else if (line.empty()) {
      return framing_error("UnfinishedStreamRecord",
                           "an SSE event ended inside an unfinished JSON value", pending_);
    } else if (is_ignored_sse_field(line) || line.starts_with("event:")) {
      return {};
    } else {
      return framing_error("InvalidStreamRecord",
                           "an SSE event with an unfinished JSON value continued with a line "
                           "that is not a data: field",
                           line);
    }
  }
  // SSE joins data lines with a newline; for a pretty-printed document it is the line break.
  const std::size_t start = pending_.size() + 1;
  if (start + more.size() > limits_.max_record_bytes) {
    return too_long(limits_.max_record_bytes, pending_);
  }
  pending_.push_back('\n');
  pending_.append(more);
  const auto step = scanner_.scan(std::string_view(pending_).substr(start));
  switch (step.status) {
    case JsonValueScanner::Status::need_more:
      return {};
    case JsonValueScanner::Status::invalid: {
      scanner_.reset();
      return framing_error("InvalidStreamRecord", "a streamed JSON value is malformed", pending_);
    }
    case JsonValueScanner::Status::value_end:
      break;
  }
  const std::string value = std::exchange(pending_, std::string());
  const std::size_t end = start + step.offset;
  const Framing framing = pending_framing_ == Framing::sse ? Framing::sse : Framing::document;
  if (auto r = emit(RecordKind::json, framing, std::string_view(value).substr(0, end), sink); !r) {
    return r;
  }
  // Whatever follows the value on its last line (`[DONE]`, another record) is framed as usual.
  const Framing rest = pending_framing_ == Framing::sse ? Framing::sse : Framing::json_lines;
  return handle_json_text(std::string_view(value).substr(end), rest, sink);
}

}  // namespace smp::models
