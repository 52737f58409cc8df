#pragma once
// Feeds a byte stream to a consumer cut at every possible point, the way SageMaker may cut
// PayloadParts anywhere. A consumer is a fresh per-stream object from `make`, fed by `feed`
// and closed by `finish`; the output of every split must equal the output of the whole stream.
#include <gtest/gtest.h>

#include <cstddef>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace smp::models::testing {

// Every way to cut `bytes` into two parts, plus one part per byte and the whole stream.
inline std::vector<std::vector<std::string_view>> every_split(std::string_view bytes) {
  std::vector<std::vector<std::string_view>> splits;
  splits.push_back({bytes});
  for (std::size_t cut = 0; cut <= bytes.size(); ++cut) {
    splits.push_back({bytes.substr(0, cut), bytes.substr(cut)});
  }
  std::vector<std::string_view> byte_by_byte;
  for (std::size_t i = 0; i < bytes.size(); ++i)
    byte_by_byte.push_back(bytes.substr(i, 1));
  splits.push_back(std::move(byte_by_byte));
  // Three-way cuts around every position catch records split twice.
  for (std::size_t a = 1; a + 2 < bytes.size(); a += 7) {
    const std::size_t b = a + 1 + (a * 13) % (bytes.size() - a - 1);
    splits.push_back({bytes.substr(0, a), bytes.substr(a, b - a), bytes.substr(b)});
  }
  return splits;
}

inline std::string describe_split(const std::vector<std::string_view>& parts) {
  std::string out = std::to_string(parts.size()) + " parts, sizes";
  for (std::size_t i = 0; i < parts.size() && i < 4; ++i)
    out += " " + std::to_string(parts[i].size());
  return out;
}

inline std::string fixture_path(std::string_view name) {
  return std::string(SMP_TEST_DATA_DIR) + "/../models/fixtures/" + std::string(name);
}

inline std::string read_fixture(std::string_view name) {
  std::ifstream in(fixture_path(name), std::ios::binary);
  EXPECT_TRUE(in.good()) << "missing fixture " << name;
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace smp::models::testing
