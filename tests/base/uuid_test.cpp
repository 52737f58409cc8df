#include "base/uuid.hpp"

#include <gtest/gtest.h>

#include <regex>
#include <set>

namespace smp {
namespace {

TEST(RandomUuid, IsVersion4WithTheRfcVariantAndUnique) {
  const std::regex shape("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = random_uuid();
    EXPECT_TRUE(std::regex_match(id, shape)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

}  // namespace
}  // namespace smp
