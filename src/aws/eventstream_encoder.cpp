#include "aws/eventstream_encoder.hpp"

#include <cstring>

#include "aws/crc32.hpp"
#include "aws/eventstream_bytes.hpp"

namespace smp::aws::eventstream {
namespace {

using detail::append_be;

std::unexpected<Error> invalid(std::string message) {
  return fail(ErrorKind::invalid_argument, "EventStreamEncode", std::move(message));
}

// The encoded size of one header, or an error when it cannot be encoded.
Result<std::size_t> encoded_size(const Header& header) {
  if (header.name.empty() || header.name.size() > Limits::max_header_name_length) {
    return invalid("event-stream header name must be 1 to 255 bytes, got " +
                   std::to_string(header.name.size()));
  }
  std::size_t value_size = 0;
  switch (type_of(header.value)) {
    case HeaderType::bool_true:
    case HeaderType::bool_false:
      value_size = 0;
      break;
    case HeaderType::byte:
      value_size = 1;
      break;
    case HeaderType::int16:
      value_size = 2;
      break;
    case HeaderType::int32:
      value_size = 4;
      break;
    case HeaderType::int64:
    case HeaderType::timestamp:
      value_size = 8;
      break;
    case HeaderType::uuid:
      value_size = 16;
      break;
    case HeaderType::byte_array:
    case HeaderType::string: {
      const auto* bytes = std::get_if<ByteArray>(&header.value);
      const std::size_t length =
          bytes ? bytes->bytes.size() : std::get<std::string_view>(header.value).size();
      if (length > Limits::max_header_value_length) {
        return invalid("event-stream header '" + std::string(header.name) + "' value is " +
                       std::to_string(length) + " bytes, more than 32767");
      }
      value_size = 2 + length;
      break;
    }
  }
  return 1 + header.name.size() + 1 + value_size;
}

void append_header(const Header& header, std::string& out) {
  out.push_back(static_cast<char>(header.name.size()));
  out.append(header.name);
  out.push_back(static_cast<char>(type_of(header.value)));
  struct Writer {
    std::string& out;
    void operator()(bool) const {}  // the type byte carries the value
    void operator()(std::int8_t v) const { out.push_back(static_cast<char>(v)); }
    void operator()(std::int16_t v) const { append_be(out, static_cast<std::uint16_t>(v), 2); }
    void operator()(std::int32_t v) const { append_be(out, static_cast<std::uint32_t>(v), 4); }
    void operator()(std::int64_t v) const { append_be(out, static_cast<std::uint64_t>(v), 8); }
    void operator()(const ByteArray& v) const { text(v.bytes); }
    void operator()(std::string_view v) const { text(v); }
    void operator()(const Timestamp& v) const {
      append_be(out, static_cast<std::uint64_t>(v.milliseconds_since_epoch), 8);
    }
    void operator()(const Uuid& v) const {
      out.append(reinterpret_cast<const char*>(v.bytes.data()), v.bytes.size());
    }
    void text(std::string_view v) const {
      append_be(out, v.size(), 2);
      out.append(v);
    }
  };
  std::visit(Writer{out}, header.value);
}

}  // namespace

Result<void> encode_message(std::span<const Header> headers, std::string_view payload,
                            std::string& out, const Limits& limits) {
  if (headers.size() > limits.max_header_count) {
    return invalid("more than " + std::to_string(limits.max_header_count) +
                   " event-stream headers");
  }
  std::size_t headers_length = 0;
  for (std::size_t i = 0; i < headers.size(); ++i) {
    auto size = encoded_size(headers[i]);
    if (!size) return std::unexpected(size.error());
    headers_length += *size;
    for (std::size_t j = 0; j < i; ++j) {
      if (headers[j].name == headers[i].name) {
        return invalid("duplicate event-stream header '" + std::string(headers[i].name) + "'");
      }
    }
  }
  if (headers_length > limits.max_headers_length) {
    return invalid("event-stream headers of " + std::to_string(headers_length) +
                   " bytes exceed the limit of " + std::to_string(limits.max_headers_length));
  }
  if (payload.size() > limits.max_payload_length) {
    return invalid("event-stream payload of " + std::to_string(payload.size()) +
                   " bytes exceeds the limit of " + std::to_string(limits.max_payload_length));
  }
  const std::size_t total = Limits::min_message_length + headers_length + payload.size();

  const std::size_t start = out.size();
  out.reserve(start + total);
  append_be(out, total, 4);
  append_be(out, headers_length, 4);
  const std::uint32_t prelude_crc = crc32(std::string_view(out).substr(start, 8));
  append_be(out, prelude_crc, 4);
  for (const Header& header : headers)
    append_header(header, out);
  out.append(payload);
  const std::uint32_t message_crc = crc32(std::string_view(out).substr(start + 8), prelude_crc);
  append_be(out, message_crc, 4);
  return {};
}

Result<std::string> encode_message(std::span<const Header> headers, std::string_view payload,
                                   const Limits& limits) {
  std::string out;
  if (auto done = encode_message(headers, payload, out, limits); !done) {
    return std::unexpected(done.error());
  }
  return out;
}

}  // namespace smp::aws::eventstream
