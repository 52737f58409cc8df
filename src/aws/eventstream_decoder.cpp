#include "aws/eventstream_decoder.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "aws/crc32.hpp"
#include "aws/eventstream_bytes.hpp"

namespace smp::aws::eventstream {
namespace {

using detail::load_be16;
using detail::load_be32;
using detail::load_be64;

// Above this many headers the duplicate check sorts instead of comparing every pair.
constexpr std::size_t quadratic_duplicate_check_max = 16;
// A tail buffer that grew past this for one big message is released once that message is used.
constexpr std::size_t tail_capacity_to_keep = 1 << 20;

std::string hex32(std::uint32_t value) {
  char text[11];
  std::snprintf(text, sizeof text, "0x%08x", value);
  return text;
}

Error protocol_error(std::string_view code, std::string message) {
  return Error::make(ErrorKind::protocol, std::string(code), std::move(message));
}

Error header_error(std::string message) {
  return protocol_error(errc::bad_header, "Malformed event-stream header: " + std::move(message));
}

// Parses the header block into `out`. `block` is exactly headers_length bytes, CRC-verified.
Result<void> parse_headers(std::string_view block, const Limits& limits, std::vector<Header>& out) {
  out.clear();
  const char* p = block.data();
  std::size_t left = block.size();
  while (left > 0) {
    if (out.size() == limits.max_header_count) {
      return fail(header_error("more than " + std::to_string(limits.max_header_count) +
                               " headers in one message"));
    }
    const std::size_t name_length = static_cast<unsigned char>(p[0]);
    if (name_length == 0) return fail(header_error("empty header name"));
    // name length byte + name + type byte
    if (left < 1 + name_length + 1) return fail(header_error("header runs past the header block"));
    const std::string_view name(p + 1, name_length);
    const auto type = static_cast<unsigned char>(p[1 + name_length]);
    p += 2 + name_length;
    left -= 2 + name_length;

    auto need = [&](std::size_t n) -> Result<void> {
      if (left < n) {
        return fail(
            header_error("value of header '" + std::string(name) + "' runs past the header block"));
      }
      return {};
    };
    HeaderValue value;
    std::size_t used = 0;
    switch (static_cast<HeaderType>(type)) {
      case HeaderType::bool_true:
        value = true;
        break;
      case HeaderType::bool_false:
        value = false;
        break;
      case HeaderType::byte:
        if (auto ok = need(1); !ok) return ok;
        value = static_cast<std::int8_t>(p[0]);
        used = 1;
        break;
      case HeaderType::int16:
        if (auto ok = need(2); !ok) return ok;
        value = static_cast<std::int16_t>(load_be16(p));
        used = 2;
        break;
      case HeaderType::int32:
        if (auto ok = need(4); !ok) return ok;
        value = static_cast<std::int32_t>(load_be32(p));
        used = 4;
        break;
      case HeaderType::int64:
        if (auto ok = need(8); !ok) return ok;
        value = static_cast<std::int64_t>(load_be64(p));
        used = 8;
        break;
      case HeaderType::timestamp:
        if (auto ok = need(8); !ok) return ok;
        value = Timestamp{static_cast<std::int64_t>(load_be64(p))};
        used = 8;
        break;
      case HeaderType::byte_array:
      case HeaderType::string: {
        if (auto ok = need(2); !ok) return ok;
        const std::size_t length = load_be16(p);
        if (length > Limits::max_header_value_length) {
          return fail(header_error("value of header '" + std::string(name) + "' is " +
                                   std::to_string(length) + " bytes, more than " +
                                   std::to_string(Limits::max_header_value_length)));
        }
        if (auto ok = need(2 + length); !ok) return ok;
        const std::string_view bytes(p + 2, length);
        if (static_cast<HeaderType>(type) == HeaderType::string) {
          value = bytes;
        } else {
          value = ByteArray{bytes};
        }
        used = 2 + length;
        break;
      }
      case HeaderType::uuid: {
        if (auto ok = need(16); !ok) return ok;
        Uuid uuid;
        std::memcpy(uuid.bytes.data(), p, 16);
        value = uuid;
        used = 16;
        break;
      }
      default:
        return fail(header_error("header '" + std::string(name) + "' has unknown value type " +
                                 std::to_string(type)));
    }
    p += used;
    left -= used;
    out.push_back(Header{name, value});
  }
  return {};
}

std::unexpected<Error> duplicate_error(std::string_view name) {
  return fail(protocol_error(errc::duplicate_header,
                             "Duplicate event-stream header '" + std::string(name) + "'"));
}

Result<void> check_duplicates(const std::vector<Header>& headers,
                              std::vector<std::string_view>& scratch) {
  if (headers.size() <= quadratic_duplicate_check_max) {
    for (std::size_t i = 1; i < headers.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (headers[i].name == headers[j].name) return duplicate_error(headers[i].name);
      }
    }
    return {};
  }
  scratch.clear();
  for (const Header& header : headers)
    scratch.push_back(header.name);
  std::sort(scratch.begin(), scratch.end());
  const auto dup = std::adjacent_find(scratch.begin(), scratch.end());
  if (dup != scratch.end()) return duplicate_error(*dup);
  return {};
}

}  // namespace

void Decoder::feed(std::string_view chunk) {
  if (failure_) return;
  if (!input_.empty()) {
    fail_with(Error::make(ErrorKind::internal, "EventStreamMisuse",
                          "Event-stream decoder fed a new chunk before the previous one was "
                          "consumed"));
    return;
  }
  input_ = chunk;
}

std::unexpected<Error> Decoder::fail_with(Error error) {
  failure_ = error;
  input_ = {};
  return std::unexpected(std::move(error));
}

Result<Decoder::Prelude> Decoder::check_prelude(const char* bytes) {
  Prelude prelude{load_be32(bytes), load_be32(bytes + 4), load_be32(bytes + 8)};
  const std::uint32_t computed = crc32(std::string_view(bytes, 8));
  if (computed != prelude.crc) {
    return fail_with(protocol_error(
        errc::prelude_checksum, "Prelude checksum mismatch: the message says " +
                                    hex32(prelude.crc) + ", its bytes give " + hex32(computed)));
  }
  if (prelude.total_length < Limits::min_message_length) {
    return fail_with(protocol_error(errc::bad_length, "Event-stream message length " +
                                                          std::to_string(prelude.total_length) +
                                                          " is below the minimum of 16 bytes"));
  }
  if (prelude.headers_length > prelude.total_length - Limits::min_message_length) {
    return fail_with(protocol_error(
        errc::bad_length, "Event-stream headers length " + std::to_string(prelude.headers_length) +
                              " does not fit in a message of " +
                              std::to_string(prelude.total_length) + " bytes"));
  }
  if (prelude.headers_length > limits_.max_headers_length) {
    return fail_with(protocol_error(
        errc::too_large, "Event-stream headers of " + std::to_string(prelude.headers_length) +
                             " bytes exceed the limit of " +
                             std::to_string(limits_.max_headers_length)));
  }
  const std::uint32_t payload_length =
      prelude.total_length - prelude.headers_length - Limits::min_message_length;
  if (payload_length > limits_.max_payload_length) {
    return fail_with(protocol_error(errc::too_large,
                                    "Event-stream payload of " + std::to_string(payload_length) +
                                        " bytes exceeds the limit of " +
                                        std::to_string(limits_.max_payload_length)));
  }
  return prelude;
}

Result<Message> Decoder::parse_message(std::string_view bytes, const Prelude& prelude) {
  const std::size_t crc_offset = prelude.total_length - 4;
  const std::uint32_t expected = load_be32(bytes.data() + crc_offset);
  // The message CRC covers everything before it; continuing from the prelude CRC saves
  // re-reading the first 8 bytes (crc32(a + b) == crc32(b, crc32(a))).
  const std::uint32_t computed =
      crc32(bytes.substr(Limits::prelude_length - 4, crc_offset - (Limits::prelude_length - 4)),
            prelude.crc);
  if (computed != expected) {
    return fail_with(protocol_error(
        errc::message_checksum, "Message checksum mismatch: the message says " + hex32(expected) +
                                    ", its bytes give " + hex32(computed)));
  }
  const std::string_view header_block =
      bytes.substr(Limits::prelude_length, prelude.headers_length);
  if (auto parsed = parse_headers(header_block, limits_, headers_); !parsed) {
    return fail_with(std::move(parsed.error()));
  }
  if (auto unique = check_duplicates(headers_, names_scratch_); !unique) {
    return fail_with(std::move(unique.error()));
  }
  Message message;
  message.headers = headers_;
  message.payload = bytes.substr(Limits::prelude_length + prelude.headers_length,
                                 crc_offset - Limits::prelude_length - prelude.headers_length);
  message.total_length = prelude.total_length;
  message.headers_length = prelude.headers_length;
  message.prelude_crc = prelude.crc;
  message.message_crc = expected;
  return message;
}

Result<std::optional<Message>> Decoder::next_from_tail() {
  auto take = [&](std::size_t wanted) {
    const std::size_t n = std::min(wanted, input_.size());
    tail_.append(input_.data(), n);
    input_.remove_prefix(n);
  };
  if (tail_.size() < Limits::prelude_length) {
    take(Limits::prelude_length - tail_.size());
    if (tail_.size() < Limits::prelude_length) return std::nullopt;
  }
  // Re-checked for every chunk while the message is incomplete: 8 bytes, so cheaper than
  // remembering it, and the limits were already enforced before the first body byte was kept.
  auto prelude = check_prelude(tail_.data());
  if (!prelude) return std::unexpected(prelude.error());
  take(prelude->total_length - tail_.size());
  if (tail_.size() < prelude->total_length) return std::nullopt;
  auto message = parse_message(tail_, *prelude);
  if (!message) return std::unexpected(message.error());
  tail_delivered_ = true;
  return *message;
}

Result<std::optional<Message>> Decoder::next() {
  if (failure_) return std::unexpected(*failure_);
  if (tail_delivered_) {
    tail_delivered_ = false;
    tail_.clear();
    if (tail_.capacity() > tail_capacity_to_keep) std::string().swap(tail_);
  }
  if (!tail_.empty()) return next_from_tail();
  if (input_.empty()) return std::nullopt;
  if (input_.size() < Limits::prelude_length) {
    tail_.assign(input_);
    input_ = {};
    return std::nullopt;
  }
  auto prelude = check_prelude(input_.data());
  if (!prelude) return std::unexpected(prelude.error());
  if (input_.size() < prelude->total_length) {
    // Copy only what arrived; the rest of the declared length is not reserved up front.
    tail_.assign(input_);
    input_ = {};
    return std::nullopt;
  }
  auto message = parse_message(input_.substr(0, prelude->total_length), *prelude);
  if (!message) return std::unexpected(message.error());
  input_.remove_prefix(prelude->total_length);
  return *message;
}

Result<void> Decoder::finish() const {
  if (failure_) return std::unexpected(*failure_);
  const std::size_t pending = buffered_bytes() + input_.size();
  if (pending == 0) return {};
  std::string message =
      "Event stream ended in the middle of a message (" + std::to_string(pending) + " bytes";
  if (!tail_delivered_ && tail_.size() >= Limits::prelude_length) {
    message += " of " + std::to_string(load_be32(tail_.data()));
  }
  message += " received)";
  return fail(protocol_error(errc::truncated, std::move(message)));
}

}  // namespace smp::aws::eventstream
