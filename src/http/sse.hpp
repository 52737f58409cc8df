#pragma once
// Server-sent events framing (WHATWG HTML §9.2 "event stream format"). No I/O.
#include <optional>
#include <string>
#include <string_view>

namespace smp::http {

struct SseEvent {
  std::string data;   // may span lines; each line becomes one "data:" field
  std::string event;  // "event:" field when not empty
  std::string id;     // "id:" field when not empty
  std::optional<unsigned> retry_ms;
};

// The bytes of one event, ending with the blank line that dispatches it. Line breaks inside
// `event` and `id` (which would forge fields) are removed.
std::string format_sse_event(const SseEvent& event);
// A comment line (": text"), which clients ignore: keeps idle connections and proxies alive.
std::string format_sse_comment(std::string_view text);

}  // namespace smp::http
