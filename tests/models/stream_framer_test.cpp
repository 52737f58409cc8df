#include "models/stream_framer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "split_feed.hpp"

namespace smp::models {
namespace {

// A record as plain strings, so expectations read like the wire.
struct Seen {
  std::string kind;
  std::string framing;
  std::string text;
  bool operator==(const Seen&) const = default;
};

void PrintTo(const Seen& s, std::ostream* os) {
  *os << "{" << s.kind << "/" << s.framing << " " << s.text << "}";
}

Seen json(std::string text, std::string framing = "sse") {
  return {"json", std::move(framing), std::move(text)};
}
Seen done(std::string framing = "sse") {
  return {"done", std::move(framing), "[DONE]"};
}
Seen event(std::string name) {
  return {"event", "sse", std::move(name)};
}

struct Outcome {
  std::vector<Seen> records;
  std::string error_code;  // empty when the stream was accepted
  bool operator==(const Outcome&) const = default;
};

void PrintTo(const Outcome& o, std::ostream* os) {
  for (const auto& r : o.records)
    PrintTo(r, os);
  if (!o.error_code.empty()) *os << " error " << o.error_code;
}

Outcome frame(const std::vector<std::string_view>& parts, StreamFramerLimits limits = {}) {
  Outcome out;
  StreamFramer framer(limits);
  auto sink = [&](const StreamRecord& r) -> Result<void> {
    out.records.push_back(
        {std::string(to_string(r.kind)), std::string(to_string(r.framing)), std::string(r.text)});
    return {};
  };
  for (auto part : parts) {
    if (auto fed = framer.feed(part, sink); !fed) {
      out.error_code = fed.error().code;
      return out;
    }
  }
  if (auto finished = framer.finish(sink); !finished) out.error_code = finished.error().code;
  return out;
}

Outcome frame(std::string_view whole) {
  return frame(std::vector<std::string_view>{whole});
}

// The same stream cut at every point gives the same records.
void expect_split_invariant(std::string_view stream, const Outcome& expected) {
  for (const auto& parts : testing::every_split(stream)) {
    ASSERT_EQ(frame(parts), expected) << testing::describe_split(parts);
  }
}

TEST(StreamFramer, SseWithAndWithoutSpaceAndDone) {
  const std::string stream =
      "data: {\"a\":1}\n\n"
      "data:{\"b\":2}\n\n"
      "data: [DONE]\n\n";
  const Outcome expected{{json("{\"a\":1}"), json("{\"b\":2}"), done()}, ""};
  EXPECT_EQ(frame(stream), expected);
  expect_split_invariant(stream, expected);
}

TEST(StreamFramer, CrlfCommentsFieldsAndKeepAlives) {
  const std::string stream =
      ": keep-alive\r\n\r\n"
      "id: 7\r\nretry: 1000\r\nevent: message\r\ndata: {\"a\":1}\r\n\r\n"
      "   \r\n"
      "data: [DONE]\r\n\r\n";
  const Outcome expected{{event("message"), json("{\"a\":1}"), done()}, ""};
  EXPECT_EQ(frame(stream), expected);
  expect_split_invariant(stream, expected);
}

TEST(StreamFramer, MultiLineDataIsJoinedWithNewline) {
  const std::string stream = "data: {\"a\":\ndata: [1,\ndata: 2]}\n\n";
  const Outcome expected{{json("{\"a\":\n[1,\n2]}")}, ""};
  EXPECT_EQ(frame(stream), expected);
  expect_split_invariant(stream, expected);
}

TEST(StreamFramer, DataLinesEachHoldingAValueAreSeparateRecords) {
  // Not what the SSE spec says, but a server that forgets blank lines still means two records.
  const std::string stream = "data: {\"a\":1}\ndata: {\"b\":2}\n\n";
  EXPECT_EQ(frame(stream), (Outcome{{json("{\"a\":1}"), json("{\"b\":2}")}, ""}));
}

TEST(StreamFramer, JsonLinesWithoutTrailingNewline) {
  const std::string stream = "{\"token\":{\"text\":\"a\"}}\n{\"token\":{\"text\":\"b\"}}";
  const Outcome expected{{json("{\"token\":{\"text\":\"a\"}}", "json_lines"),
                          json("{\"token\":{\"text\":\"b\"}}", "json_lines")},
                         ""};
  EXPECT_EQ(frame(stream), expected);
  expect_split_invariant(stream, expected);
}

TEST(StreamFramer, DoneGluedToTheLastRecord) {
  // BerriAI/litellm PR #31598: the usage chunk and [DONE] share one line.
  const std::string stream =
      "data: {\"choices\":[],\"usage\":{\"total_tokens\":3}}[DONE]\n\n"
      "data: {\"x\":1}data: [DONE]\n\n";
  const Outcome expected{
      {json("{\"choices\":[],\"usage\":{\"total_tokens\":3}}"), done(), json("{\"x\":1}"), done()},
      ""};
  EXPECT_EQ(frame(stream), expected);
  expect_split_invariant(stream, expected);
}

TEST(StreamFramer, RecordsGluedWithoutNewline) {
  const std::string stream = "{\"a\":\"}{\"}{\"b\":[1]} \n";
  EXPECT_EQ(
      frame(stream),
      (Outcome{{json("{\"a\":\"}{\"}", "json_lines"), json("{\"b\":[1]}", "json_lines")}, ""}));
}

TEST(StreamFramer, SingleDocumentWithoutNewlineIsDetectedAtFinish) {
  const std::string stream = R"({"generated_text":"a\nb {not a brace}","details":{"x":[1,2]}})";
  const Outcome expected{{json(stream, "document")}, ""};
  EXPECT_EQ(frame(stream), expected);
  expect_split_invariant(stream, expected);
}

TEST(StreamFramer, PrettyPrintedDocumentSpansLines) {
  const std::string stream = "{\n  \"choices\": [\n    {\"index\": 0}\n  ]\n}\n";
  // Continuation lines keep their bytes; only the final newline is a line end.
  const Outcome expected{{json(stream.substr(0, stream.size() - 1), "document")}, ""};
  EXPECT_EQ(frame(stream), expected);
  expect_split_invariant(stream, expected);
}

TEST(StreamFramer, Utf8SplitAcrossPartsIsKeptWhole) {
  const std::string stream =
      "data: {\"t\":\"h\xC3\xA9llo \xE4\xBD\xA0\xE5\xA5\xBD \xF0\x9F\x98\x80\"}\n\n";
  const Outcome expected{
      {json("{\"t\":\"h\xC3\xA9llo \xE4\xBD\xA0\xE5\xA5\xBD \xF0\x9F\x98\x80\"}")}, ""};
  expect_split_invariant(stream, expected);
}

TEST(StreamFramer, EscapedQuotesAndBracesInsideStrings) {
  const std::string stream = R"(data: {"t":"a \"quoted\" } ] { [ \\"})"
                             "\n\n";
  EXPECT_EQ(frame(stream), (Outcome{{json(R"({"t":"a \"quoted\" } ] { [ \\"})")}, ""}));
}

TEST(StreamFramer, ByteOrderMarkAtStartIsSkipped) {
  EXPECT_EQ(frame("\xEF\xBB\xBF{\"a\":1}\n"), (Outcome{{json("{\"a\":1}", "json_lines")}, ""}));
}

TEST(StreamFramer, TopLevelScalarsAreRecords) {
  EXPECT_EQ(frame("2.5\ntrue\n"),
            (Outcome{{json("2.5", "json_lines"), json("true", "json_lines")}, ""}));
  EXPECT_EQ(frame("-3"), (Outcome{{json("-3", "document")}, ""}));
}

TEST(StreamFramer, TextThatIsNeitherJsonNorSseIsAnError) {
  EXPECT_EQ(frame("data: hello world\n\n").error_code, "InvalidStreamRecord");
  EXPECT_EQ(frame("<html>502 Bad Gateway</html>\n").error_code, "InvalidStreamRecord");
  EXPECT_EQ(frame("}\n").error_code, "InvalidStreamRecord");
}

TEST(StreamFramer, ErrorQuotesTheRecordsFirst200Bytes) {
  StreamFramer framer;
  const std::string line = "oops " + std::string(500, 'x') + "\n";
  auto sink = [](const StreamRecord&) -> Result<void> { return {}; };
  auto fed = framer.feed(line, sink);
  ASSERT_FALSE(fed);
  EXPECT_EQ(fed.error().kind, ErrorKind::protocol);
  ASSERT_NE(fed.error().detail("record"), nullptr);
  EXPECT_EQ(fed.error().detail("record")->substr(0, 10), "oops xxxxx");
  EXPECT_LE(fed.error().detail("record")->size(), 200u + 3u);
  // After an error the framer refuses more input instead of resynchronising silently.
  EXPECT_FALSE(framer.feed("{}\n", sink));
}

TEST(StreamFramer, StreamEndingInsideAValueIsAnError) {
  EXPECT_EQ(frame("data: {\"a\":\n").error_code, "UnfinishedStreamRecord");
  EXPECT_EQ(frame("{\"choices\":[").error_code, "UnfinishedStreamRecord");
  EXPECT_EQ(frame("data: {\"a\":\n\n").error_code, "UnfinishedStreamRecord");
}

TEST(StreamFramer, OverlongLineIsAnErrorNotUnboundedGrowth) {
  StreamFramerLimits limits{.max_record_bytes = 64};
  const std::string big = "{\"a\":\"" + std::string(100, 'x') + "\"}\n";
  EXPECT_EQ(frame(std::vector<std::string_view>{big}, limits).error_code, "StreamRecordTooLong");
  std::vector<std::string_view> bytes;
  for (std::size_t i = 0; i < big.size(); ++i)
    bytes.push_back(std::string_view(big).substr(i, 1));
  EXPECT_EQ(frame(bytes, limits).error_code, "StreamRecordTooLong");
  const std::string multi =
      "{\n\"a\":\"" + std::string(40, 'x') + "\",\n\"b\":\"" + std::string(40, 'y') + "\"}\n";
  EXPECT_EQ(frame(std::vector<std::string_view>{multi}, limits).error_code, "StreamRecordTooLong");
}

TEST(StreamFramer, SinkErrorStopsTheStream) {
  StreamFramer framer;
  int calls = 0;
  auto sink = [&](const StreamRecord&) -> Result<void> {
    ++calls;
    return fail(ErrorKind::model, "Stop", "stop here");
  };
  auto fed = framer.feed("{\"a\":1}\n{\"b\":2}\n", sink);
  ASSERT_FALSE(fed);
  EXPECT_EQ(fed.error().code, "Stop");
  EXPECT_EQ(calls, 1);
}

TEST(StreamFramer, EmptyStreamHasNoRecords) {
  EXPECT_EQ(frame(""), (Outcome{{}, ""}));
  EXPECT_EQ(frame("\n\n: ping\n"), (Outcome{{}, ""}));
  // Empty data fields (a "None" chunk at the end of a stream, user-needs.md B13) carry nothing.
  EXPECT_EQ(frame("data:\n\ndata: \r\n\r\n"), (Outcome{{}, ""}));
}

}  // namespace
}  // namespace smp::models
