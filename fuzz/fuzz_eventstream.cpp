// Event-stream decoder under fuzzer-chosen bytes and chunk boundaries.
//
// Input layout: byte 0 = number of cuts n (low 4 bits) and a "fix CRCs" flag (bit 7), then n
// big-endian u16 cut positions, then the stream. With the flag set, the harness rewrites both
// CRCs of every message it can walk, so mutations reach header parsing and the SageMaker layer
// instead of dying at the checksums. Oracles beyond "no crash, no sanitizer report":
//  - feeding in the chosen chunks gives exactly the messages (and the error code) of feeding
//    the whole stream at once;
//  - every decoded message re-encodes to its original bytes;
//  - the SageMaker layer on the same chunks hands out exactly the PayloadPart payloads.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "aws/crc32.hpp"
#include "aws/eventstream.hpp"
#include "aws/eventstream_sagemaker.hpp"

namespace {

using namespace smp::aws::eventstream;

struct Outcome {
  std::vector<std::string> messages;  // original bytes of each message
  std::vector<std::string> parts;     // PayloadPart payloads
  std::string error_code;
};

void check(bool condition) {
  if (!condition) std::abort();
}

std::uint32_t be32(const std::string& s, std::size_t at) {
  return (std::uint32_t{static_cast<unsigned char>(s[at])} << 24) |
         (std::uint32_t{static_cast<unsigned char>(s[at + 1])} << 16) |
         (std::uint32_t{static_cast<unsigned char>(s[at + 2])} << 8) |
         std::uint32_t{static_cast<unsigned char>(s[at + 3])};
}

void put_be32(std::string& s, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i)
    s[at + i] = static_cast<char>(v >> (24 - 8 * i));
}

// Gives every message the stream's lengths describe valid prelude and message CRCs.
void fix_crcs(std::string& stream) {
  std::size_t at = 0;
  while (stream.size() - at >= 12) {
    const std::uint32_t total = be32(stream, at);
    put_be32(stream, at + 8, smp::aws::crc32(std::string_view(stream).substr(at, 8)));
    if (total < 16 || total > stream.size() - at) return;
    put_be32(stream, at + total - 4,
             smp::aws::crc32(std::string_view(stream).substr(at, total - 4)));
    at += total;
  }
}

// Decodes `stream` cut at `cuts`, copying each message's bytes (re-encoded from the view, which
// also checks the encoder against the decoder).
Outcome decode(std::string_view stream, const std::vector<std::size_t>& cuts) {
  Outcome out;
  Decoder decoder;
  std::size_t begin = 0;
  std::vector<std::size_t> ends = cuts;
  ends.push_back(stream.size());
  for (std::size_t end : ends) {
    const std::string chunk(stream.substr(begin, end - begin));  // own buffer: ASan sees misuse
    begin = end;
    decoder.feed(chunk);
    while (true) {
      auto message = decoder.next();
      if (!message) {
        out.error_code = message.error().code;
        return out;
      }
      if (!*message) break;
      const Message& m = **message;
      auto encoded = encode_message(m.headers, m.payload);
      check(encoded.has_value());
      check(encoded->size() == m.total_length);
      out.messages.push_back(std::move(*encoded));
      auto event = classify_response_stream_message(m);
      if (event && std::holds_alternative<PayloadPart>(*event)) {
        out.parts.emplace_back(std::get<PayloadPart>(*event).bytes);
      }
    }
  }
  if (auto done = decoder.finish(); !done) out.error_code = done.error().code;
  return out;
}

// The SageMaker consumer API on the same cuts: parts up to the first error of any kind.
std::vector<std::string> consume(std::string_view stream, const std::vector<std::size_t>& cuts) {
  std::vector<std::string> parts;
  ResponseStreamDecoder decoder;
  std::size_t begin = 0;
  std::vector<std::size_t> ends = cuts;
  ends.push_back(stream.size());
  for (std::size_t end : ends) {
    const std::string chunk(stream.substr(begin, end - begin));
    begin = end;
    auto fed = decoder.feed(chunk, [&](std::string_view bytes) { parts.emplace_back(bytes); });
    if (!fed) return parts;
  }
  return parts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t cut_count = data[0] & 0x0f;
  const bool fix = (data[0] & 0x80) != 0;
  std::size_t offset = 1;
  std::vector<std::size_t> raw_cuts;
  for (std::size_t i = 0; i < cut_count && offset + 2 <= size; ++i, offset += 2) {
    raw_cuts.push_back((std::size_t{data[offset]} << 8) | data[offset + 1]);
  }
  std::string owned(reinterpret_cast<const char*>(data) + offset, size - offset);
  if (fix) fix_crcs(owned);
  const std::string_view stream(owned);
  std::vector<std::size_t> cuts;
  for (std::size_t cut : raw_cuts) {
    if (!stream.empty()) cuts.push_back(cut % (stream.size() + 1));
  }
  std::sort(cuts.begin(), cuts.end());

  const Outcome whole = decode(stream, {});
  const Outcome split = decode(stream, cuts);
  check(split.messages == whole.messages);
  check(split.error_code == whole.error_code);
  // Re-encoded messages are the stream's own bytes, in order.
  std::size_t position = 0;
  for (const std::string& message : whole.messages) {
    check(stream.substr(position, message.size()) == message);
    position += message.size();
  }

  // The consumer stops at the first framing error or in-stream error; until then it sees the
  // same payload parts the plain decoder classified.
  const std::vector<std::string> parts = consume(stream, cuts);
  check(parts.size() <= whole.parts.size());
  check(std::equal(parts.begin(), parts.end(), whole.parts.begin()));
  return 0;
}
