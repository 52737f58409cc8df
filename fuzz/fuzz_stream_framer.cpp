// libFuzzer target for the stream framer and the chat stream reader: the input is a container
// stream, cut into parts at fuzzer-chosen points. The framer must never crash, must give the
// same records however the stream is cut, and the chat reader must never crash on any format.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "models/json_value_scanner.hpp"
#include "models/llm/chat_stream_reader.hpp"
#include "models/stream_framer.hpp"

namespace {

using namespace smp::models;

struct Framed {
  std::vector<std::string> records;  // "kind/framing/text"
  std::string error;
};

Framed frame(const std::vector<std::string_view>& parts) {
  Framed out;
  StreamFramer framer(StreamFramerLimits{.max_record_bytes = 4096});
  auto sink = [&](const StreamRecord& r) -> smp::Result<void> {
    out.records.push_back(std::string(to_string(r.kind)) + "/" + std::string(to_string(r.framing)) +
                          "/" + std::string(r.text));
    return {};
  };
  for (auto part : parts) {
    if (auto fed = framer.feed(part, sink); !fed) {
      out.error = fed.error().code;
      return out;
    }
  }
  if (auto finished = framer.finish(sink); !finished) out.error = finished.error().code;
  return out;
}

// Value ends found scanning `text` in one call (block path) or one byte per call (byte path).
std::vector<std::size_t> value_ends(std::string_view text, bool bytewise) {
  std::vector<std::size_t> ends;
  JsonValueScanner scanner;
  std::size_t offset = 0;
  while (offset < text.size()) {
    const std::size_t take = bytewise ? 1 : text.size() - offset;
    const auto step = scanner.scan(text.substr(offset, take));
    if (step.status == JsonValueScanner::Status::invalid) break;
    if (step.status == JsonValueScanner::Status::value_end) {
      offset += step.offset;
      ends.push_back(offset);
    } else {
      offset += take;
    }
  }
  return ends;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  // First byte: the chat format; second: the seed of the cut points; the rest: the stream.
  const auto format = static_cast<ChatFormat>(data[0] % 4);
  std::uint32_t seed = data[1];
  const std::string_view stream(reinterpret_cast<const char*>(data + 2), size - 2);

  std::vector<std::string_view> parts;
  for (std::size_t offset = 0; offset < stream.size();) {
    seed = seed * 1103515245u + 12345u;
    const std::size_t length = 1 + (seed >> 16) % 97;
    parts.push_back(stream.substr(offset, length));
    offset += length;
  }

  const Framed whole = frame({stream});
  const Framed cut = frame(parts);
  // The same stream cut differently frames the same way (an overlong line is reported as soon as
  // it is seen, so only the error code is compared then).
  if (whole.error != cut.error) std::abort();
  if (whole.error.empty() && whole.records != cut.records) std::abort();

  // The block scanner and the byte scanner agree on where values end.
  if (value_ends(stream, false) != value_ends(stream, true)) std::abort();

  ChatOutputOptions options;
  options.parse_tool_call_tags = (data[1] & 1) != 0;
  options.reasoning = (data[1] & 2) != 0 ? ReasoningOutput::think_block : ReasoningOutput::separate;
  options.think_open_at_start = (data[1] & 4) != 0;
  ChatStreamReader reader(format, options, StreamFramerLimits{.max_record_bytes = 4096});
  std::size_t forwarded = 0;
  auto sink = [&](const ChatChunk& chunk) { forwarded += chunk.content.size(); };
  for (auto part : parts) {
    if (!reader.feed(part, sink)) return 0;
  }
  auto result = reader.finish(sink);
  if (result && options.reasoning == ReasoningOutput::separate &&
      forwarded != result->content.size()) {
    std::abort();  // the forwarded chunks add up to the result
  }
  return 0;
}
