// The aws-sdk-go event-stream vectors (tests/data/eventstream) and the SageMaker vectors of
// aws-wire.md §2.6, decoded whole, one byte at a time and in every two-way split.
#include <gtest/gtest.h>
#include <zlib.h>

#include <boost/json.hpp>
#include <cctype>
#include <random>
#include <set>
#include <sstream>

#include "aws/crc32.hpp"
#include "aws/eventstream_test_support.hpp"
#include "base/base64.hpp"

namespace smp::aws::eventstream {
namespace {

using namespace testing;

const std::vector<std::string> positive_names = {"all_headers", "empty_message", "int32_header",
                                                 "payload_no_headers", "payload_one_str_header"};
const std::vector<std::string> negative_names = {"corrupted_header_len", "corrupted_headers",
                                                 "corrupted_length", "corrupted_payload"};

// The vectors' JSON carries bytes as base64; a vector that does not decode is a broken test file.
std::string decoded_base64(std::string_view text) {
  auto bytes = base64_decode(text);
  if (!bytes) throw std::runtime_error("test vector holds invalid base64: " + std::string(text));
  return *bytes;
}

std::uint32_t as_u32(const boost::json::value& v) {
  // The vectors write CRCs as signed 32-bit numbers (e.g. -1415188212).
  return static_cast<std::uint32_t>(v.to_number<std::int64_t>() & 0xffffffff);
}

// The expected decoding of a positive vector, rendered like describe() renders a Message.
std::string expected_description(const std::string& name) {
  const auto json = boost::json::parse(read_file(vector_path("decoded", "positive", name)));
  const auto& obj = json.as_object();
  std::ostringstream out;
  out << "total=" << obj.at("total_length").to_number<std::int64_t>()
      << " headers=" << obj.at("headers_length").to_number<std::int64_t>()
      << " prelude_crc=" << as_u32(obj.at("prelude_crc"))
      << " message_crc=" << as_u32(obj.at("message_crc"));
  for (const auto& h : obj.at("headers").as_array()) {
    const auto& header = h.as_object();
    const auto type = header.at("type").to_number<int>();
    out << " [" << header.at("name").as_string().c_str() << ':' << type << '=';
    const auto& value = header.at("value");
    switch (type) {
      case 0:
      case 1:
        out << (value.as_bool() ? 1 : 0);
        break;
      case 6:
      case 7:
      case 9:
        out << to_hex(decoded_base64(value.as_string().c_str()));
        break;
      default:
        out << value.to_number<std::int64_t>();
        break;
    }
    out << ']';
  }
  out << " payload=" << to_hex(decoded_base64(obj.at("payload").as_string().c_str()));
  return out.str();
}

std::vector<std::size_t> cut_at(std::size_t i) {
  return {i};
}

TEST(EventStreamCrc32, MatchesTheIsoHdlcCheckValueAndContinues) {
  EXPECT_EQ(crc32("123456789"), 0xCBF43926u);
  EXPECT_EQ(crc32(""), 0u);
  EXPECT_EQ(crc32("56789", crc32("1234")), 0xCBF43926u);
}

TEST(EventStreamCrc32, AgreesWithZlibForEveryLengthAlignmentAndSeed) {
  // The carry-less-multiply path handles runs of 64+ bytes; zlib is the reference.
  std::mt19937 rng(7);
  std::string data(2048 + 16, '\0');
  for (char& c : data)
    c = static_cast<char>(rng());
  for (std::size_t length = 0; length <= 1100; ++length) {
    const std::size_t offset = length % 16;
    const auto seed = static_cast<std::uint32_t>(rng());
    const std::string_view bytes(data.data() + offset, length);
    const auto expected = static_cast<std::uint32_t>(
        ::crc32_z(seed, reinterpret_cast<const Bytef*>(bytes.data()), bytes.size()));
    ASSERT_EQ(crc32(bytes, seed), expected) << "length " << length;
  }
  EXPECT_EQ(crc32(std::string_view(data).substr(0, 2048)),
            crc32(std::string_view(data).substr(1000, 1048),
                  crc32(std::string_view(data).substr(0, 1000))));
}

TEST(EventStreamVectors, PositiveVectorsDecodeToTheirJson) {
  for (const auto& name : positive_names) {
    SCOPED_TRACE(name);
    const std::string bytes = read_file(vector_path("encoded", "positive", name));
    ASSERT_FALSE(bytes.empty());
    const Decoded decoded = decode_whole(bytes);
    ASSERT_FALSE(decoded.error) << decoded.error->describe();
    ASSERT_EQ(decoded.messages.size(), 1u);
    EXPECT_EQ(decoded.messages[0], expected_description(name));
  }
}

TEST(EventStreamVectors, AllHeadersVectorHasEveryValueType) {
  const std::string bytes = read_file(vector_path("encoded", "positive", "all_headers"));
  Decoder decoder;
  decoder.feed(bytes);
  auto message = decoder.next();
  ASSERT_TRUE(message && *message);
  const Message& m = **message;
  std::set<HeaderType> types;
  for (const Header& h : m.headers)
    types.insert(type_of(h.value));
  EXPECT_EQ(types.size(), 10u);
  EXPECT_EQ(m.string_header("content-type"), "application/json");
  EXPECT_EQ(m.string_header("event-type"), std::nullopt);  // an int32, not a string
  ASSERT_NE(m.find("timestamp"), nullptr);
  EXPECT_EQ(std::get<Timestamp>(m.find("timestamp")->value).milliseconds_since_epoch, 8675309);
  EXPECT_EQ(std::get<std::int8_t>(m.find("byte")->value), -49);
  const Uuid uuid = std::get<Uuid>(m.find("uuid")->value);
  for (int i = 0; i < 16; ++i)
    EXPECT_EQ(uuid.bytes[i], i + 1);
  EXPECT_EQ(m.payload, "{'foo':'bar'}");
  // The payload is a view into the fed chunk: no copy for a message inside one chunk.
  EXPECT_GE(m.payload.data(), bytes.data());
  EXPECT_LT(m.payload.data(), bytes.data() + bytes.size());
  EXPECT_EQ(decoder.buffered_bytes(), 0u);
}

TEST(EventStreamVectors, NegativeVectorsFailWithTheirErrorText) {
  for (const auto& name : negative_names) {
    SCOPED_TRACE(name);
    const std::string bytes = read_file(vector_path("encoded", "negative", name));
    std::string expected = read_file(vector_path("decoded", "negative", name));
    while (!expected.empty() && std::isspace(static_cast<unsigned char>(expected.back()))) {
      expected.pop_back();
    }
    ASSERT_FALSE(expected.empty());
    const Decoded decoded = decode_whole(bytes);
    ASSERT_TRUE(decoded.error);
    EXPECT_TRUE(decoded.messages.empty());
    EXPECT_EQ(decoded.error->kind, ErrorKind::protocol);
    EXPECT_NE(decoded.error->message.find(expected), std::string::npos) << decoded.error->message;
  }
}

// Every vector, alone and all of them back to back, fed in every possible two-way split and one
// byte at a time, decodes exactly as when fed whole.
std::vector<std::string> all_streams() {
  std::vector<std::string> streams;
  std::string concatenated;
  for (const auto& name : positive_names) {
    streams.push_back(read_file(vector_path("encoded", "positive", name)));
    concatenated += streams.back();
  }
  for (const auto& name : negative_names) {
    streams.push_back(read_file(vector_path("encoded", "negative", name)));
  }
  for (const auto* hex : {&payload_part_hex, &model_stream_error_hex, &error_message_hex}) {
    streams.push_back(from_hex(*hex));
    concatenated += streams.back();
  }
  streams.push_back(concatenated);
  // A valid message followed by a corrupt one: the first still comes out, then the error.
  streams.push_back(from_hex(payload_part_hex) +
                    read_file(vector_path("encoded", "negative", "corrupted_payload")));
  return streams;
}

TEST(EventStreamVectors, EverySplitDecodesLikeTheWholeStream) {
  for (const std::string& stream : all_streams()) {
    SCOPED_TRACE(to_hex(stream.substr(0, 12)));
    const Decoded whole = decode_whole(stream);
    const Decoded bytewise = decode_bytewise(stream);
    EXPECT_EQ(bytewise.messages, whole.messages);
    EXPECT_EQ(bytewise.error.has_value(), whole.error.has_value());
    if (whole.error && bytewise.error) {
      EXPECT_EQ(bytewise.error->code, whole.error->code);
    }
    for (std::size_t i = 1; i < stream.size(); ++i) {
      const Decoded split = decode_split(stream, cut_at(i));
      ASSERT_EQ(split.messages, whole.messages) << "cut at " << i;
      ASSERT_EQ(split.error.has_value(), whole.error.has_value()) << "cut at " << i;
      if (whole.error) {
        ASSERT_EQ(split.error->code, whole.error->code) << "cut at " << i;
      }
    }
  }
}

TEST(EventStreamVectors, ConcatenatedStreamYieldsEveryMessageInOrder) {
  const Decoded decoded =
      decode_whole(all_streams()[positive_names.size() + negative_names.size() + 3]);
  ASSERT_FALSE(decoded.error);
  EXPECT_EQ(decoded.messages.size(), positive_names.size() + 3);
  EXPECT_EQ(decoded.messages[0], expected_description(positive_names[0]));
}

TEST(EventStreamVectors, SageMakerVectorsHaveTheirDocumentedSizesAndCrcs) {
  const Decoded part = decode_whole(from_hex(payload_part_hex));
  ASSERT_FALSE(part.error);
  EXPECT_EQ(from_hex(payload_part_hex).size(), 136u);
  EXPECT_NE(part.messages.at(0).find("prelude_crc=" + std::to_string(0xf603cd6au)),
            std::string::npos);
  EXPECT_NE(part.messages.at(0).find("message_crc=" + std::to_string(0x64df1ab3u)),
            std::string::npos);
  EXPECT_EQ(from_hex(model_stream_error_hex).size(), 181u);
  EXPECT_FALSE(decode_whole(from_hex(model_stream_error_hex)).error);
  EXPECT_EQ(from_hex(error_message_hex).size(), 90u);
  EXPECT_FALSE(decode_whole(from_hex(error_message_hex)).error);
}

TEST(EventStreamVectors, BotocoreErrorEventIsReproducedByTheEncoder) {
  // botocore tests/unit/test_eventstream.py ERROR_EVENT_MESSAGE: 82 bytes, prelude CRC
  // 0xBF23637E, message CRC 0x6B6CEA3D (aws-wire.md §2.6(2)).
  const Header headers[] = {Header::string(":message-type", "error"),
                            Header::string(":error-code", "code"),
                            Header::string(":error-message", "message")};
  auto bytes = encode_message(headers, "");
  ASSERT_TRUE(bytes);
  ASSERT_EQ(bytes->size(), 82u);
  EXPECT_EQ(to_hex(bytes->substr(8, 4)), "bf23637e");
  EXPECT_EQ(to_hex(bytes->substr(78, 4)), "6b6cea3d");
}

TEST(EventStreamVectors, EmptyMessageMatchesBotocoreConstant) {
  auto bytes = encode_message({}, "");
  ASSERT_TRUE(bytes);
  EXPECT_EQ(to_hex(*bytes), "000000100000000005c248eb7d98c8ff");
}

}  // namespace
}  // namespace smp::aws::eventstream
