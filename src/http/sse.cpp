#include "http/sse.hpp"

namespace smp::http {

namespace {

std::string single_line(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '\r' && c != '\n') out += c;
  }
  return out;
}

}  // namespace

std::string format_sse_event(const SseEvent& event) {
  std::string out;
  out.reserve(event.data.size() + 32);
  if (!event.event.empty()) out += "event: " + single_line(event.event) + "\n";
  if (!event.id.empty()) out += "id: " + single_line(event.id) + "\n";
  if (event.retry_ms) out += "retry: " + std::to_string(*event.retry_ms) + "\n";
  // Every line of the data is its own field; CRLF, LF and CR all end a line.
  std::string_view data = event.data;
  while (true) {
    std::size_t end = data.find_first_of("\r\n");
    out += "data: ";
    out += data.substr(0, end);
    out += '\n';
    if (end == std::string_view::npos) break;
    std::size_t next = end + 1;
    if (data[end] == '\r' && next < data.size() && data[next] == '\n') ++next;
    data.remove_prefix(next);
  }
  out += '\n';
  return out;
}

std::string format_sse_comment(std::string_view text) {
  return ": " + single_line(text) + "\n\n";
}

}  // namespace smp::http
