#include "http/sse.hpp"

#include <gtest/gtest.h>

namespace smp::http {
namespace {

TEST(Sse, DataOnlyEvent) {
  SseEvent e;
  e.data = R"({"choices":[]})";
  EXPECT_EQ(format_sse_event(e), "data: {\"choices\":[]}\n\n");
}

TEST(Sse, EveryLineOfDataIsItsOwnField) {
  SseEvent e;
  e.data = "a\nb\r\nc\rd";
  EXPECT_EQ(format_sse_event(e), "data: a\ndata: b\ndata: c\ndata: d\n\n");
}

TEST(Sse, TrailingNewlineGivesAnEmptyDataLine) {
  SseEvent e;
  e.data = "x\n";
  EXPECT_EQ(format_sse_event(e), "data: x\ndata: \n\n");
}

TEST(Sse, AllFieldsAndNoForgedFields) {
  SseEvent e;
  e.data = "[DONE]";
  e.event = "end\ndata: forged";
  e.id = "4\r2";
  e.retry_ms = 1500;
  EXPECT_EQ(format_sse_event(e), "event: enddata: forged\nid: 42\nretry: 1500\ndata: [DONE]\n\n");
}

TEST(Sse, Comment) {
  EXPECT_EQ(format_sse_comment("keep-alive\n"), ": keep-alive\n\n");
}

}  // namespace
}  // namespace smp::http
