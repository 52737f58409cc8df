// Encoder -> decoder round trip on random messages (every header type, random payloads), fed in
// random splits. The generator is seeded, so a failure reproduces.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "aws/eventstream_test_support.hpp"

namespace smp::aws::eventstream {
namespace {

using namespace testing;

// Owns the strings a random message's header views point into.
struct RandomMessage {
  std::vector<std::string> storage;
  std::vector<Header> headers;
  std::string payload;
};

std::string random_bytes(std::mt19937& rng, std::size_t max_length) {
  std::uniform_int_distribution<std::size_t> length(0, max_length);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string out(length(rng), '\0');
  for (char& c : out)
    c = static_cast<char>(byte(rng));
  return out;
}

RandomMessage random_message(std::mt19937& rng) {
  RandomMessage m;
  std::uniform_int_distribution<int> header_count(0, 12);
  const int count = header_count(rng);
  m.storage.reserve(2 * count);  // views into storage must not move
  for (int i = 0; i < count; ++i) {
    std::string name = ":h";
    name += std::to_string(i);
    name += random_bytes(rng, 20);
    m.storage.push_back(std::move(name));
    const std::string_view name_view = m.storage.back();
    std::uniform_int_distribution<int> type(0, 9);
    std::uniform_int_distribution<std::int64_t> number;
    switch (static_cast<HeaderType>(type(rng))) {
      case HeaderType::bool_true:
        m.headers.push_back(Header::boolean(name_view, true));
        break;
      case HeaderType::bool_false:
        m.headers.push_back(Header::boolean(name_view, false));
        break;
      case HeaderType::byte:
        m.headers.push_back({name_view, static_cast<std::int8_t>(number(rng))});
        break;
      case HeaderType::int16:
        m.headers.push_back({name_view, static_cast<std::int16_t>(number(rng))});
        break;
      case HeaderType::int32:
        m.headers.push_back(Header::int32(name_view, static_cast<std::int32_t>(number(rng))));
        break;
      case HeaderType::int64:
        m.headers.push_back(Header::int64(name_view, number(rng)));
        break;
      case HeaderType::timestamp:
        m.headers.push_back(Header::timestamp(name_view, number(rng)));
        break;
      case HeaderType::uuid: {
        Uuid uuid;
        for (auto& b : uuid.bytes)
          b = static_cast<std::uint8_t>(number(rng));
        m.headers.push_back({name_view, uuid});
        break;
      }
      case HeaderType::byte_array:
        m.storage.push_back(random_bytes(rng, 300));
        m.headers.push_back(Header::bytes(name_view, m.storage.back()));
        break;
      case HeaderType::string:
        m.storage.push_back(random_bytes(rng, 300));
        m.headers.push_back(Header::string(name_view, m.storage.back()));
        break;
    }
  }
  m.payload = random_bytes(rng, 2000);
  return m;
}

TEST(EventStreamRoundTrip, RandomMessagesSurviveEncodeAndSplitDecode) {
  std::mt19937 rng(20240115);
  for (int round = 0; round < 200; ++round) {
    std::vector<RandomMessage> messages;
    std::string stream;
    std::vector<std::string> expected;
    std::uniform_int_distribution<int> message_count(1, 5);
    const int n = message_count(rng);
    for (int i = 0; i < n; ++i) {
      messages.push_back(random_message(rng));
      const RandomMessage& m = messages.back();
      const std::size_t before = stream.size();
      ASSERT_TRUE(encode_message(m.headers, m.payload, stream));
      // The decoder reports the same headers and payload; the CRCs it verified.
      const Decoded alone = decode_whole(std::string_view(stream).substr(before));
      ASSERT_FALSE(alone.error) << alone.error->describe();
      ASSERT_EQ(alone.messages.size(), 1u);
      const std::string content = describe_content(m.headers, m.payload);
      ASSERT_TRUE(alone.messages[0].ends_with(content)) << alone.messages[0] << "\n" << content;
      EXPECT_TRUE(alone.messages[0].starts_with("total=" + std::to_string(stream.size() - before)));
      expected.push_back(alone.messages[0]);
    }
    std::uniform_int_distribution<std::size_t> cut(1, stream.size() - 1);
    std::vector<std::size_t> cuts;
    std::uniform_int_distribution<int> cut_count(0, 6);
    for (int c = cut_count(rng); c > 0 && stream.size() > 1; --c)
      cuts.push_back(cut(rng));
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    const Decoded decoded = decode_split(stream, cuts);
    ASSERT_FALSE(decoded.error) << decoded.error->describe();
    EXPECT_EQ(decoded.messages, expected);
  }
}

}  // namespace
}  // namespace smp::aws::eventstream
