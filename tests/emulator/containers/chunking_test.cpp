#include "emulator/chunking.hpp"

#include <gtest/gtest.h>

#include "emulator/containers/container_test_support.hpp"

namespace smp::emulator {
namespace {

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts)
    out += part;
  return out;
}

// Does some part end strictly inside a multi-byte UTF-8 character?
bool splits_a_character(const std::vector<std::string>& parts) {
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    if (!parts[i + 1].empty() && (static_cast<unsigned char>(parts[i + 1][0]) & 0xC0) == 0x80)
      return true;
  }
  return false;
}

TEST(Chunking, ReassemblyIsByteExactForManySeeds) {
  const auto stream = testing::invoke(
      "vllm", R"({"model":"qwen3","stream":true,"stream_options":{"include_usage":true},
          "messages":[{"role":"user","content":"你好，世界！ naïve café — 😀 emoji and a longer sentence to stream"}]})");
  const std::vector<std::string>& records = stream.stream_records;
  const std::string whole = stream.joined_stream();
  ASSERT_GT(records.size(), 10u);
  int shared = 0, split_records = 0, split_characters = 0;
  for (std::uint64_t seed = 0; seed < 500; ++seed) {
    const auto parts = cut_records_at_random(records, seed);
    ASSERT_EQ(join(parts), whole) << "seed " << seed;
    for (const auto& part : parts)
      ASSERT_FALSE(part.empty());
    // Count the properties the cutter exists for.
    std::size_t boundary = 0, part_end = 0;
    std::vector<std::size_t> record_ends, part_ends;
    for (const auto& record : records)
      record_ends.push_back(boundary += record.size());
    for (const auto& part : parts)
      part_ends.push_back(part_end += part.size());
    for (std::size_t p = 0, r = 0, start = 0; p < part_ends.size(); start = part_ends[p++]) {
      int records_ending_inside = 0;
      while (r < record_ends.size() && record_ends[r] < part_ends[p]) {
        if (record_ends[r] > start) ++records_ending_inside;
        ++r;
      }
      if (records_ending_inside >= 1) ++shared;
    }
    if (std::any_of(part_ends.begin(), part_ends.end() - 1, [&](std::size_t end) {
          return std::find(record_ends.begin(), record_ends.end(), end) == record_ends.end();
        })) {
      ++split_records;
    }
    if (splits_a_character(parts)) ++split_characters;
  }
  EXPECT_GT(shared, 100) << "parts holding the end of one record and the start of another";
  EXPECT_GT(split_records, 450) << "records cut across parts";
  EXPECT_GT(split_characters, 100) << "UTF-8 characters cut across parts";
}

TEST(Chunking, SameSeedSameCutsAndBoundsAreHonoured) {
  const std::string bytes(1000, 'x');
  EXPECT_EQ(cut_at_random(bytes, 9), cut_at_random(bytes, 9));
  EXPECT_NE(cut_at_random(bytes, 9), cut_at_random(bytes, 10));
  ChunkingOptions options;
  options.min_part_bytes = 5;
  options.max_part_bytes = 7;
  const auto parts = cut_at_random(bytes, 3, options);
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    EXPECT_GE(parts[i].size(), 5u);
    EXPECT_LE(parts[i].size(), 7u);
  }
  EXPECT_TRUE(cut_at_random("", 1).empty());
}

TEST(Chunking, PartPerRecordKeepsRecordsWhole) {
  EXPECT_EQ(part_per_record({"a", "", "bc"}), (std::vector<std::string>{"a", "bc"}));
}

}  // namespace
}  // namespace smp::emulator
