#pragma once
// The values of the AWS event-stream framing (application/vnd.amazon.eventstream, aws-wire.md §2):
// typed header values, a header, a decoded message and the size limits both directions enforce.
//
// Everything here is a *view*: names, strings, byte arrays and payloads point into bytes owned by
// someone else (the decoder's input chunk or its tail buffer when decoding, the caller's strings
// when encoding). Copy what you need to keep.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>

namespace smp::aws::eventstream {

// The wire type byte of a header value (aws-wire.md §2.2).
enum class HeaderType : std::uint8_t {
  bool_true = 0,
  bool_false = 1,
  byte = 2,
  int16 = 3,
  int32 = 4,
  int64 = 5,
  byte_array = 6,
  string = 7,
  timestamp = 8,
  uuid = 9,
};

// Byte arrays and strings share a wire layout (u16 length + bytes); distinct types keep the
// variant able to tell them apart.
struct ByteArray {
  std::string_view bytes;
  friend bool operator==(const ByteArray&, const ByteArray&) = default;
};
// Milliseconds since the Unix epoch, as the wire carries it.
struct Timestamp {
  std::int64_t milliseconds_since_epoch = 0;
  friend bool operator==(const Timestamp&, const Timestamp&) = default;
};
struct Uuid {
  std::array<std::uint8_t, 16> bytes{};
  friend bool operator==(const Uuid&, const Uuid&) = default;
};

// bool covers both wire types bool_true and bool_false.
using HeaderValue = std::variant<bool, std::int8_t, std::int16_t, std::int32_t, std::int64_t,
                                 ByteArray, std::string_view, Timestamp, Uuid>;

HeaderType type_of(const HeaderValue& value);

struct Header {
  std::string_view name;
  HeaderValue value;

  // Factories that say the wire type out loud (a bare literal would pick an overload by C++ rules).
  static Header string(std::string_view name, std::string_view value) { return {name, value}; }
  static Header bytes(std::string_view name, std::string_view value) {
    return {name, ByteArray{value}};
  }
  static Header boolean(std::string_view name, bool value) { return {name, value}; }
  static Header int32(std::string_view name, std::int32_t value) { return {name, value}; }
  static Header int64(std::string_view name, std::int64_t value) { return {name, value}; }
  static Header timestamp(std::string_view name, std::int64_t ms) { return {name, Timestamp{ms}}; }
};

// Bounds on what we accept and produce. The defaults are botocore's (headers 128 KiB, payload
// 24 MiB) plus aws-sdk-go's per-value bound; a header count bound keeps the duplicate check and
// the header vector small whatever a peer declares.
struct Limits {
  static constexpr std::uint32_t prelude_length = 12;      // total, headers length, prelude CRC
  static constexpr std::uint32_t min_message_length = 16;  // prelude + message CRC
  static constexpr std::size_t max_header_name_length = 255;
  static constexpr std::size_t max_header_value_length = 32767;  // byte arrays and strings

  std::uint32_t max_headers_length = 128 * 1024;
  std::uint32_t max_payload_length = 24 * 1024 * 1024;
  std::size_t max_header_count = 1024;
};

// One decoded (or to-be-encoded) message. The views stay valid until the decoder is next called.
struct Message {
  std::span<const Header> headers;
  std::string_view payload;
  std::uint32_t total_length = 0;
  std::uint32_t headers_length = 0;
  std::uint32_t prelude_crc = 0;
  std::uint32_t message_crc = 0;

  const Header* find(std::string_view name) const;
  // The value of a string header; nullopt when absent or of another type.
  std::optional<std::string_view> string_header(std::string_view name) const;
};

}  // namespace smp::aws::eventstream
