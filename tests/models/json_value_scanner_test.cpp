#include "models/json_value_scanner.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <random>
#include <string>
#include <vector>

namespace smp::models {
namespace {

namespace json = boost::json;

// Value ends found scanning the text in one call (64-byte blocks where possible).
std::vector<std::size_t> ends_whole(std::string_view text) {
  std::vector<std::size_t> ends;
  JsonValueScanner scanner;
  std::size_t offset = 0;
  while (offset < text.size()) {
    const auto step = scanner.scan(text.substr(offset));
    if (step.status != JsonValueScanner::Status::value_end) break;
    offset += step.offset;
    ends.push_back(offset);
  }
  return ends;
}

// The same, one byte per call: the byte-by-byte path only.
std::vector<std::size_t> ends_bytewise(std::string_view text) {
  std::vector<std::size_t> ends;
  JsonValueScanner scanner;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto step = scanner.scan(text.substr(i, 1));
    if (step.status == JsonValueScanner::Status::value_end) ends.push_back(i + step.offset);
    if (step.status == JsonValueScanner::Status::invalid) break;
  }
  return ends;
}

json::value random_value(std::mt19937& rng, int depth) {
  static const std::vector<std::string> pieces{"a", "{", "}",    "[", "]",    "\"",  "\\", "\n",
                                               " ", "é", "巴黎", "😀", "\\\"", "x}y", "]]", "\t"};
  const int kind = static_cast<int>(rng() % (depth > 4 ? 3 : 6));
  switch (kind) {
    case 0: {
      std::string s;
      const auto n = rng() % 12;
      for (unsigned i = 0; i < n; ++i)
        s += pieces[rng() % pieces.size()];
      return json::value(s);
    }
    case 1:
      return json::value(static_cast<std::int64_t>(rng() % 100000) - 500);
    case 2:
      return rng() % 2 ? json::value(true) : json::value(nullptr);
    case 3:
    case 4: {
      json::object o;
      const auto n = rng() % 6;
      for (unsigned i = 0; i < n; ++i) {
        o[std::string(pieces[rng() % pieces.size()]) + std::to_string(i)] =
            random_value(rng, depth + 1);
      }
      return o;
    }
    default: {
      json::array a;
      const auto n = rng() % 6;
      for (unsigned i = 0; i < n; ++i)
        a.push_back(random_value(rng, depth + 1));
      return a;
    }
  }
}

TEST(JsonValueScanner, BlockScanAgreesWithByteScan) {
  std::mt19937 rng(20240611);
  for (int round = 0; round < 400; ++round) {
    std::string text;
    std::vector<std::size_t> expected;
    const int values = 1 + static_cast<int>(rng() % 3);
    for (int v = 0; v < values; ++v) {
      json::object record;  // objects, like stream records, so values end at a bracket
      record["v"] = random_value(rng, 0);
      record["pad"] = std::string(rng() % 90, 'p');
      text += json::serialize(record);
      expected.push_back(text.size());
    }
    ASSERT_EQ(ends_whole(text), expected) << text;
    ASSERT_EQ(ends_bytewise(text), expected) << text;
  }
}

TEST(JsonValueScanner, StatusesAndOffsets) {
  JsonValueScanner scanner;
  auto step = scanner.scan(R"({"a":"}"})");
  EXPECT_EQ(step.status, JsonValueScanner::Status::value_end);
  EXPECT_EQ(step.offset, 9u);
  step = scanner.scan(R"(  {"a":)");
  EXPECT_EQ(step.status, JsonValueScanner::Status::need_more);
  EXPECT_TRUE(scanner.in_value());
  step = scanner.scan(R"( [1]} tail)");
  EXPECT_EQ(step.status, JsonValueScanner::Status::value_end);
  EXPECT_EQ(step.offset, 5u);
  scanner.reset();
  step = scanner.scan("<html>");
  EXPECT_EQ(step.status, JsonValueScanner::Status::invalid);
  EXPECT_EQ(step.offset, 0u);
  step = scanner.scan("12 ");
  EXPECT_EQ(step.status, JsonValueScanner::Status::value_end);
  EXPECT_EQ(step.offset, 2u);
  step = scanner.scan("true");
  EXPECT_EQ(step.status, JsonValueScanner::Status::need_more);
  EXPECT_TRUE(scanner.in_top_level_scalar());
}

}  // namespace
}  // namespace smp::models
