#pragma once
// Incremental event-stream decoder (aws-wire.md §2.5). Feed it body bytes exactly as they come off
// the socket, in chunks of any size; pull complete messages out.
//
//   Decoder decoder;
//   decoder.feed(chunk);
//   while (true) {
//     auto message = decoder.next();
//     if (!message) return message.error();   // framing error: the stream is unusable
//     if (!*message) break;                    // needs more bytes: feed the next chunk
//     use(**message);                          // views valid until the next feed()/next()
//   }
//   ... at end of body: if (auto done = decoder.finish(); !done) -> truncated stream
//
// Zero copy on the fast path: a message lying entirely inside the fed chunk is returned as views
// into that chunk. Only a message split across chunks is gathered in an internal tail buffer,
// and that buffer grows with the bytes that actually arrive, never up front from a declared
// length. The prelude CRC is checked before either length is believed, the limits before any
// byte of the body is buffered, the message CRC before any header is parsed.
//
// Errors are sticky: after the first one every call returns it again. Not thread-safe; one
// decoder per stream.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/eventstream_message.hpp"
#include "base/error.hpp"

namespace smp::aws::eventstream {

// Error codes (Error::code) of framing failures; all have ErrorKind::protocol.
namespace errc {
inline constexpr std::string_view prelude_checksum = "EventStreamPreludeChecksum";
inline constexpr std::string_view message_checksum = "EventStreamMessageChecksum";
inline constexpr std::string_view bad_length = "EventStreamBadLength";
inline constexpr std::string_view too_large = "EventStreamTooLarge";
inline constexpr std::string_view bad_header = "EventStreamBadHeader";
inline constexpr std::string_view duplicate_header = "EventStreamDuplicateHeader";
inline constexpr std::string_view truncated = "EventStreamTruncated";
}  // namespace errc

class Decoder {
 public:
  explicit Decoder(Limits limits = {}) : limits_(limits) {}

  // Hands the decoder the next chunk. The chunk must stay alive and unchanged until next() has
  // returned nullopt (everything consumed) or an error. Feeding before that is a usage error
  // reported by the following next().
  void feed(std::string_view chunk);

  // The next complete message; nullopt when the fed bytes are used up (any partial message is
  // kept for the next chunk); an error when the stream is corrupt.
  Result<std::optional<Message>> next();

  // Call at end of body: an error if a message was cut off (or an earlier error happened).
  // botocore ignores such leftovers; a truncated stream is a real failure, so we report it.
  Result<void> finish() const;

  // Bytes of an incomplete message held across chunks.
  std::size_t buffered_bytes() const { return tail_delivered_ ? 0 : tail_.size(); }
  // Memory held for split messages: grows with bytes received, not with declared lengths.
  std::size_t buffer_capacity() const { return tail_.capacity(); }
  const Limits& limits() const { return limits_; }

 private:
  struct Prelude {
    std::uint32_t total_length;
    std::uint32_t headers_length;
    std::uint32_t crc;
  };

  Result<Prelude> check_prelude(const char* bytes);
  Result<Message> parse_message(std::string_view bytes, const Prelude& prelude);
  Result<std::optional<Message>> next_from_tail();
  std::unexpected<Error> fail_with(Error error);

  Limits limits_;
  std::string_view input_;
  std::string tail_;             // a message split across chunks, gathered here
  bool tail_delivered_ = false;  // tail_ holds a message already returned; drop it on next call
  std::vector<Header> headers_;  // reused for every message: no allocation per message
  std::vector<std::string_view> names_scratch_;  // for the duplicate check of many headers
  std::optional<Error> failure_;
};

}  // namespace smp::aws::eventstream
