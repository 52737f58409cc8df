// Headers: case-insensitive lookup, ordered repeats, and value_slot's in-place rewrite (what lets
// a re-sign overwrite its previous signature without allocating).
#include "base/http_message.hpp"

#include <gtest/gtest.h>

namespace smp {
namespace {

TEST(Headers, GetIsCaseInsensitiveAndFindsTheFirst) {
  Headers h;
  h.add("Content-Type", "a");
  h.add("content-type", "b");
  EXPECT_EQ(h.get("CONTENT-TYPE"), "a");
  EXPECT_FALSE(h.get("Accept").has_value());
}

TEST(Headers, ValueSlotAddsAnEmptyFieldWhenAbsent) {
  Headers h;
  h.add("Accept", "x");
  h.value_slot("X-Amz-Date") = "20240115T120000Z";
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h.fields()[1], (Headers::Field{"X-Amz-Date", "20240115T120000Z"}));
}

TEST(Headers, ValueSlotRewritesTheFirstInPlaceAndDropsLaterRepeats) {
  Headers h;
  h.add("x-amz-date", "old-1");
  h.add("Accept", "x");
  h.add("X-AMZ-DATE", "old-2");
  h.add("Range", "bytes=0-1");
  h.add("X-Amz-Date", "old-3");
  std::string& slot = h.value_slot("X-Amz-Date");
  const char* storage = slot.data();
  slot = "new";
  EXPECT_EQ(slot.data(), storage);  // the same string, rewritten: no allocation
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h.fields()[0], (Headers::Field{"x-amz-date", "new"}));
  EXPECT_EQ(h.fields()[1].first, "Accept");
  EXPECT_EQ(h.fields()[2].first, "Range");
}

TEST(Headers, SetMovesTheFieldToTheEndAsOneValue) {
  Headers h;
  h.add("A", "1");
  h.add("B", "2");
  h.add("a", "3");
  h.set("A", "4");
  ASSERT_EQ(h.size(), 2u);
  EXPECT_EQ(h.fields()[0].first, "B");
  EXPECT_EQ(h.fields()[1], (Headers::Field{"A", "4"}));
}

}  // namespace
}  // namespace smp
