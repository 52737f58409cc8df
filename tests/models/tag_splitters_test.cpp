// The <think> splitter and the <tool_call> parser, fed each text cut at every point.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/llm/think_tag_splitter.hpp"
#include "models/llm/tool_call_text_parser.hpp"
#include "split_feed.hpp"

namespace smp::models {
namespace {

struct Split {
  std::string content;
  std::string reasoning;
  bool operator==(const Split&) const = default;
};

Split split_think(const std::vector<std::string_view>& pieces, bool open_at_start = false) {
  Split out;
  ThinkTagSplitter splitter(open_at_start);
  auto sink = [&](ThinkTagSplitter::Part part, std::string_view text) {
    if (part == ThinkTagSplitter::Part::reasoning_end) {
      out.reasoning += "|";  // marks where reasoning ended
      return;
    }
    (part == ThinkTagSplitter::Part::content ? out.content : out.reasoning).append(text);
  };
  for (auto piece : pieces)
    splitter.feed(piece, sink);
  splitter.finish(sink);
  return out;
}

void expect_think(std::string_view text, const Split& expected, bool open_at_start = false) {
  for (const auto& pieces : testing::every_split(text)) {
    ASSERT_EQ(split_think(pieces, open_at_start), expected) << testing::describe_split(pieces);
  }
}

TEST(ThinkTagSplitter, TagsCutAnywhere) {
  expect_think("<think>\nstep 1\n</think>\n\nanswer", {"\n\nanswer", "\nstep 1\n|"});
  expect_think("<think></think>answer", {"answer", "|"});
  expect_think("no tags at all <thin", {"no tags at all <thin", ""});
  expect_think("a < b and c </ d", {"a < b and c </ d", ""});
  expect_think("x<think>y</think>z<think>w</think>", {"xz", "y|w|"});
}

TEST(ThinkTagSplitter, OpenAtStartAndRedundantOpeningTag) {
  expect_think("reasoning</think>answer", {"answer", "reasoning|"}, true);
  expect_think("<think>reasoning</think>answer", {"answer", "reasoning|"}, true);
  expect_think("just an answer", {"", "just an answer"}, true);
}

TEST(ThinkTagSplitter, StrayClosingTag) {
  // Nothing released yet: what came before the stray tag is reasoning.
  EXPECT_EQ(split_think({"I should greet.</think>Hello"}), (Split{"Hello", "I should greet.|"}));
  // Content already released cannot be taken back; the stray tag itself is dropped.
  EXPECT_EQ(split_think({"Hello", " there</think>!"}), (Split{"Hello there!", ""}));
}

struct Parsed {
  std::string text;
  std::vector<std::pair<std::string, std::string>> calls;
  bool operator==(const Parsed&) const = default;
};

Parsed parse_calls(const std::vector<std::string_view>& pieces) {
  Parsed out;
  ToolCallTextParser parser;
  auto on_text = [&](std::string_view t) { out.text.append(t); };
  auto on_call = [&](std::string_view name, std::string_view args) {
    out.calls.emplace_back(std::string(name), std::string(args));
  };
  for (auto piece : pieces)
    parser.feed(piece, on_text, on_call);
  parser.finish(on_text);
  return out;
}

void expect_calls(std::string_view text, const Parsed& expected) {
  for (const auto& pieces : testing::every_split(text)) {
    ASSERT_EQ(parse_calls(pieces), expected) << testing::describe_split(pieces);
  }
}

TEST(ToolCallTextParser, BlocksCutAnywhere) {
  expect_calls(
      "I'll look.\n<tool_call>\n{\"name\": \"f\", \"arguments\": {\"a\": [1, 2]}}\n</tool_call>\n"
      "<tool_call>{\"name\":\"g\",\"parameters\":{}}</tool_call>\n",
      {"I'll look.", {{"f", R"({"a":[1,2]})"}, {"g", "{}"}}});
  expect_calls("<tool_call>{\"name\":\"h\",\"arguments\":\"{\\\"x\\\":1}\"}</tool_call>",
               {"", {{"h", R"({"x":1})"}}});
}

TEST(ToolCallTextParser, TextWithoutCallsIsUntouched) {
  expect_calls("plain text, a < b, <tool and </tool_call> too\n\n",
               {"plain text, a < b, <tool and </tool_call> too\n\n", {}});
}

TEST(ToolCallTextParser, MalformedOrUnclosedBlocksStayText) {
  expect_calls("<tool_call>not json</tool_call>", {"<tool_call>not json</tool_call>", {}});
  expect_calls("<tool_call>{\"arguments\":{}}</tool_call>",
               {"<tool_call>{\"arguments\":{}}</tool_call>", {}});
  expect_calls("ok <tool_call>{\"name\":\"f\",\"argu",
               {"ok <tool_call>{\"name\":\"f\",\"argu", {}});
}

}  // namespace
}  // namespace smp::models
