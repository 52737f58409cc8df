#pragma once
// Helpers shared by the event-stream tests: vector files, hex/base64, feeding in splits, and a
// canonical text form of decoded messages so two decodings can be compared exactly.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "aws/eventstream.hpp"

namespace smp::aws::eventstream::testing {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline std::string vector_path(const std::string& kind, const std::string& polarity,
                               const std::string& name) {
  return std::string(SMP_TEST_DATA_DIR) + "/eventstream/" + kind + "/" + polarity + "/" + name;
}

inline std::string from_hex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

inline std::string to_hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

// Each header as [name:type=value], then the payload in hex.
inline std::string describe_content(std::span<const Header> headers, std::string_view payload) {
  std::ostringstream out;
  for (const Header& header : headers) {
    out << " [" << header.name << ':' << static_cast<int>(type_of(header.value)) << '=';
    std::visit(
        [&](const auto& v) {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, ByteArray>) {
            out << to_hex(v.bytes);
          } else if constexpr (std::is_same_v<V, std::string_view>) {
            out << to_hex(v);
          } else if constexpr (std::is_same_v<V, Timestamp>) {
            out << v.milliseconds_since_epoch;
          } else if constexpr (std::is_same_v<V, Uuid>) {
            out << to_hex(std::string_view(reinterpret_cast<const char*>(v.bytes.data()), 16));
          } else {
            out << static_cast<std::int64_t>(v);
          }
        },
        header.value);
    out << ']';
  }
  out << " payload=" << to_hex(payload);
  return out.str();
}

// One line per message: lengths, CRCs, then describe_content().
inline std::string describe(const Message& message) {
  std::ostringstream out;
  out << "total=" << message.total_length << " headers=" << message.headers_length
      << " prelude_crc=" << message.prelude_crc << " message_crc=" << message.message_crc;
  return out.str() + describe_content(message.headers, message.payload);
}

struct Decoded {
  std::vector<std::string> messages;  // describe() of each message
  std::optional<Error> error;         // the first error, from next() or finish()
};

// Feeds `stream` cut at the given offsets (ascending, each in (0, size)), then finishes.
inline Decoded decode_split(std::string_view stream, const std::vector<std::size_t>& cuts,
                            const Limits& limits = {}) {
  Decoded result;
  Decoder decoder(limits);
  std::size_t begin = 0;
  auto feed_until = [&](std::size_t end) -> bool {
    // A fresh copy per chunk, freed after use, so ASan catches any view kept across chunks.
    std::string chunk(stream.substr(begin, end - begin));
    begin = end;
    decoder.feed(chunk);
    while (true) {
      auto message = decoder.next();
      if (!message) {
        result.error = message.error();
        return false;
      }
      if (!*message) return true;
      result.messages.push_back(describe(**message));
    }
  };
  for (std::size_t cut : cuts) {
    if (!feed_until(cut)) return result;
  }
  if (!feed_until(stream.size())) return result;
  if (auto done = decoder.finish(); !done) result.error = done.error();
  return result;
}

inline Decoded decode_whole(std::string_view stream, const Limits& limits = {}) {
  return decode_split(stream, {}, limits);
}

inline Decoded decode_bytewise(std::string_view stream) {
  std::vector<std::size_t> cuts;
  for (std::size_t i = 1; i < stream.size(); ++i)
    cuts.push_back(i);
  return decode_split(stream, cuts);
}

// The SageMaker-shaped vectors of aws-wire.md §2.6(4), encoded by an independent Python encoder
// and checked with botocore.
inline const std::string payload_part_hex =
    "0000008800000059f603cd6a0b3a6576656e742d7479706507000b5061796c6f6164506172740d3a636f6e74656e"
    "742d747970650700186170706c69636174696f6e2f6f637465742d73747265616d0d3a6d6573736167652d7479"
    "70650700056576656e74646174613a7b22746f6b656e223a7b2274657874223a22204869227d7d0a0a64df1ab3";
inline const std::string model_stream_error_hex =
    "000000b50000005e31d624fe0f3a657863657074696f6e2d747970650700104d6f64656c53747265616d457272"
    "6f720d3a636f6e74656e742d747970650700106170706c69636174696f6e2f6a736f6e0d3a6d657373616765"
    "2d74797065070009657863657074696f6e7b224d657373616765223a224d6f64656c2074696d6564206f7574"
    "222c224572726f72436f6465223a224d6f64656c496e766f636174696f6e54696d654578636565646564227d"
    "5e70b64b";
inline const std::string error_message_hex =
    "0000005a0000004a8188a08d0d3a6d6573736167652d747970650700056572726f720b3a6572726f722d636f"
    "646507000f496e7465726e616c4661696c7572650e3a6572726f722d6d657373616765070004626f6f6dd78e"
    "0703";

}  // namespace smp::aws::eventstream::testing
