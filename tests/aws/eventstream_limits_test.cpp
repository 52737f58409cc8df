// Hostile and broken framing: lengths that lie (with valid CRCs), malformed headers, limits,
// truncation at end of body, and the decoder's buffering promises.
#include <gtest/gtest.h>

#include "aws/crc32.hpp"
#include "aws/eventstream_test_support.hpp"

namespace smp::aws::eventstream {
namespace {

using namespace testing;

void put_be32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>(v >> shift));
}

// A prelude with the given (possibly lying) lengths and a *valid* prelude CRC.
std::string prelude(std::uint32_t total, std::uint32_t headers_length) {
  std::string out;
  put_be32(out, total);
  put_be32(out, headers_length);
  put_be32(out, crc32(out));
  return out;
}

// A message with valid CRCs around an arbitrary (possibly malformed) header block.
std::string frame(std::string_view header_block, std::string_view payload) {
  const auto total = static_cast<std::uint32_t>(16 + header_block.size() + payload.size());
  std::string out = prelude(total, static_cast<std::uint32_t>(header_block.size()));
  out.append(header_block);
  out.append(payload);
  put_be32(out, crc32(out));
  return out;
}

std::string string_header(std::string_view name, std::string_view value) {
  std::string out;
  out.push_back(static_cast<char>(name.size()));
  out.append(name);
  out.push_back(7);
  out.push_back(static_cast<char>(value.size() >> 8));
  out.push_back(static_cast<char>(value.size() & 0xff));
  out.append(value);
  return out;
}

// "h7": built by appending, as g++ 12 -O3 misreports (-Wrestrict) some string operator+ chains.
std::string numbered(std::string prefix, int i) {
  prefix += std::to_string(i);
  return prefix;
}

std::string error_code_of(std::string_view stream, const Limits& limits = {}) {
  const Decoded decoded = decode_whole(stream, limits);
  return decoded.error ? decoded.error->code : "";
}

TEST(EventStreamLimits, HugeDeclaredPayloadWithValidPreludeCrcFailsAfterTwelveBytes) {
  Decoder decoder;
  const std::string bytes = prelude(0xffffffffu, 0);
  decoder.feed(bytes);
  auto message = decoder.next();
  ASSERT_FALSE(message);
  EXPECT_EQ(message.error().code, errc::too_large);
  EXPECT_EQ(message.error().kind, ErrorKind::protocol);
  EXPECT_EQ(decoder.buffered_bytes(), 0u);
}

TEST(EventStreamLimits, HugeDeclaredLengthFedBytewiseFailsWithoutBuffering) {
  const Decoded decoded = decode_bytewise(prelude(0xfffffff0u, 0) + std::string(64, 'x'));
  ASSERT_TRUE(decoded.error);
  EXPECT_EQ(decoded.error->code, errc::too_large);
}

TEST(EventStreamLimits, HeadersLengthBeyondTheMessageIsRejected) {
  // botocore INVALID_HEADERS_LENGTH: valid CRC, headers_length 0xff000102.
  EXPECT_EQ(error_code_of(prelude(61, 0xff000102u)), errc::bad_length);
  EXPECT_EQ(error_code_of(prelude(0xff000200u, 0xff000102u)), errc::too_large);
  EXPECT_EQ(error_code_of(prelude(15, 0)), errc::bad_length);
  EXPECT_EQ(error_code_of(prelude(20, 5)), errc::bad_length);
}

TEST(EventStreamLimits, PayloadLimitIsInclusive) {
  // botocore INVALID_PAYLOAD_LENGTH is 24 MiB + 1; exactly 24 MiB is fine.
  const std::uint32_t max = Limits{}.max_payload_length;
  EXPECT_EQ(error_code_of(prelude(16 + max + 1, 0)), errc::too_large);
  const std::string at_limit = frame("", std::string(max, 'p'));
  // Fed in uneven chunks; checked directly (describe() would hex-dump 24 MiB).
  Decoder decoder;
  std::size_t messages = 0;
  for (std::size_t begin = 0, step = 7; begin < at_limit.size(); begin += step, step *= 16) {
    decoder.feed(std::string_view(at_limit).substr(begin, step));
    for (auto m = decoder.next(); m && *m; m = decoder.next()) {
      ++messages;
      EXPECT_EQ((*m)->payload.size(), max);
    }
  }
  EXPECT_EQ(messages, 1u);
  EXPECT_TRUE(decoder.finish());
}

TEST(EventStreamLimits, HeadersLimitIsConfigurableAndInclusive) {
  const std::string block = string_header("name", std::string(50, 'v'));
  Limits limits;
  limits.max_headers_length = static_cast<std::uint32_t>(block.size());
  EXPECT_EQ(error_code_of(frame(block, "x"), limits), "");
  limits.max_headers_length -= 1;
  EXPECT_EQ(error_code_of(frame(block, "x"), limits), errc::too_large);
}

TEST(EventStreamLimits, DeclaredLengthIsNotReservedUpFront) {
  // A valid prelude announcing a 1 MiB payload, followed by only 100 bytes of it.
  const std::string bytes = prelude(16 + (1 << 20), 0) + std::string(100, 'x');
  Decoder decoder;
  decoder.feed(bytes);
  auto message = decoder.next();
  ASSERT_TRUE(message);
  EXPECT_FALSE(*message);
  EXPECT_EQ(decoder.buffered_bytes(), 112u);
  EXPECT_LT(decoder.buffer_capacity(), 4096u);
  auto done = decoder.finish();
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code, errc::truncated);
  EXPECT_NE(done.error().message.find("112 bytes of 1048592"), std::string::npos)
      << done.error().message;
}

TEST(EventStreamLimits, DuplicateHeaderIsRejected) {
  const std::string block =
      string_header("a", "1") + string_header("b", "2") + string_header("a", "3");
  const Decoded decoded = decode_whole(frame(block, ""));
  ASSERT_TRUE(decoded.error);
  EXPECT_EQ(decoded.error->code, errc::duplicate_header);
  EXPECT_NE(decoded.error->message.find("'a'"), std::string::npos);
}

TEST(EventStreamLimits, DuplicateAmongManyHeadersIsRejected) {
  std::string block;
  for (int i = 0; i < 100; ++i)
    block += string_header(numbered("h", i), "v");
  EXPECT_EQ(error_code_of(frame(block, "")), "");
  block += string_header("h42", "again");
  EXPECT_EQ(error_code_of(frame(block, "")), errc::duplicate_header);
}

TEST(EventStreamLimits, HeaderCountLimit) {
  std::string block;
  for (int i = 0; i < 4; ++i)
    block += string_header(numbered("h", i), "v");
  Limits limits;
  limits.max_header_count = 4;
  EXPECT_EQ(error_code_of(frame(block, ""), limits), "");
  limits.max_header_count = 3;
  EXPECT_EQ(error_code_of(frame(block, ""), limits), errc::bad_header);
}

TEST(EventStreamLimits, MalformedHeadersAreRejected) {
  // Unknown value type 10.
  EXPECT_EQ(error_code_of(frame(std::string("\x01n\x0a", 3), "")), errc::bad_header);
  // Empty name.
  EXPECT_EQ(error_code_of(frame(std::string("\x00\x00", 2), "")), errc::bad_header);
  // Name longer than the block.
  EXPECT_EQ(error_code_of(frame(std::string("\x09nam", 4), "")), errc::bad_header);
  // int32 value cut short by the end of the block.
  EXPECT_EQ(error_code_of(frame(std::string("\x01n\x04\x00\x01", 5), "")), errc::bad_header);
  // String length pointing past the block.
  EXPECT_EQ(error_code_of(frame(std::string("\x01n\x07\x00\x09xy", 7), "")), errc::bad_header);
  // uuid needs 16 bytes.
  EXPECT_EQ(error_code_of(frame(std::string("\x01u\x09", 3) + std::string(15, 'u'), "")),
            errc::bad_header);
  // String value of 32768 bytes (over the per-value bound).
  std::string big = string_header("s", std::string(32768, 'v'));
  EXPECT_EQ(error_code_of(frame(big, "")), errc::bad_header);
  std::string ok = string_header("s", std::string(32767, 'v'));
  EXPECT_EQ(error_code_of(frame(ok, "")), "");
}

TEST(EventStreamLimits, TruncatedStreamFailsAtFinish) {
  const std::string message = from_hex(payload_part_hex);
  for (std::size_t keep :
       {std::size_t{1}, std::size_t{11}, std::size_t{12}, std::size_t{50}, message.size() - 1}) {
    SCOPED_TRACE(keep);
    const Decoded decoded = decode_whole(message.substr(0, keep));
    ASSERT_TRUE(decoded.error);
    EXPECT_EQ(decoded.error->code, errc::truncated);
    EXPECT_EQ(decoded.error->kind, ErrorKind::protocol);
  }
  // A complete message followed by part of the next.
  const Decoded decoded = decode_whole(message + message.substr(0, 20));
  EXPECT_EQ(decoded.messages.size(), 1u);
  ASSERT_TRUE(decoded.error);
  EXPECT_EQ(decoded.error->code, errc::truncated);
  EXPECT_TRUE(decode_whole("").messages.empty());
  EXPECT_FALSE(decode_whole("").error);
}

TEST(EventStreamLimits, ErrorsAreSticky) {
  Decoder decoder;
  const std::string bad = read_file(vector_path("encoded", "negative", "corrupted_payload"));
  decoder.feed(bad);
  ASSERT_FALSE(decoder.next());
  const std::string good = from_hex(payload_part_hex);
  decoder.feed(good);
  auto again = decoder.next();
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, errc::message_checksum);
  EXPECT_FALSE(decoder.finish());
}

TEST(EventStreamLimits, FeedingBeforeTheChunkIsConsumedIsReported) {
  const std::string two = from_hex(payload_part_hex) + from_hex(payload_part_hex);
  Decoder decoder;
  decoder.feed(two);
  ASSERT_TRUE(decoder.next().value());
  decoder.feed(two);  // one message of the first chunk is still unread
  auto next = decoder.next();
  ASSERT_FALSE(next);
  EXPECT_EQ(next.error().kind, ErrorKind::internal);
}

TEST(EventStreamLimits, MessagesInsideAChunkAreViewsAndSplitOnesAreGathered) {
  const std::string one = from_hex(payload_part_hex);
  const std::string chunk1 = one + one.substr(0, 30);
  const std::string chunk2 = one.substr(30);
  Decoder decoder;
  decoder.feed(chunk1);
  auto first = decoder.next();
  ASSERT_TRUE(first && *first);
  EXPECT_EQ((*first)->payload.data(), chunk1.data() + 12 + 89);
  ASSERT_FALSE(decoder.next().value());
  EXPECT_EQ(decoder.buffered_bytes(), 30u);
  decoder.feed(chunk2);
  auto second = decoder.next();
  ASSERT_TRUE(second && *second);
  EXPECT_EQ((*second)->payload, "data:{\"token\":{\"text\":\" Hi\"}}\n\n");
  EXPECT_FALSE(decoder.next().value());
  EXPECT_EQ(decoder.buffered_bytes(), 0u);
  EXPECT_TRUE(decoder.finish());
}

TEST(EventStreamEncoder, RejectsWhatCannotBeFramed) {
  const std::string long_name(256, 'n');
  const std::string long_value(32768, 'v');
  EXPECT_FALSE(encode_message(std::vector{Header::string("", "v")}, ""));
  EXPECT_FALSE(encode_message(std::vector{Header::string(long_name, "v")}, ""));
  EXPECT_TRUE(encode_message(std::vector{Header::string(long_name.substr(1), "v")}, ""));
  EXPECT_FALSE(encode_message(std::vector{Header::string("s", long_value)}, ""));
  EXPECT_FALSE(encode_message(std::vector{Header::bytes("b", long_value)}, ""));
  EXPECT_FALSE(encode_message(std::vector{Header::string("a", "1"), Header::string("a", "2")}, ""));
  Limits small;
  small.max_payload_length = 3;
  EXPECT_FALSE(encode_message({}, "four", small));
  std::string out = "keep";
  EXPECT_FALSE(encode_message(std::vector{Header::string("", "v")}, "", out));
  EXPECT_EQ(out, "keep");  // nothing appended on failure
  auto failed = encode_message(std::vector{Header::string("s", long_value)}, "");
  EXPECT_EQ(failed.error().kind, ErrorKind::invalid_argument);
}

}  // namespace
}  // namespace smp::aws::eventstream
