#include "models/llm/chat_stream_assembler.hpp"

#include <gtest/gtest.h>

#include "models/llm/chat_codec.hpp"
#include "models/llm/chat_format.hpp"
#include "models/token_estimate.hpp"

namespace smp::models {
namespace {

ChatChunk content(std::string text) {
  ChatChunk c;
  c.content = std::move(text);
  return c;
}
ChatChunk reasoning(std::string text) {
  ChatChunk c;
  c.reasoning = std::move(text);
  return c;
}
ChatChunk call(int index, std::string id, std::string name, std::string args) {
  ChatChunk c;
  c.tool_calls.push_back({index, std::move(id), std::move(name), std::move(args)});
  return c;
}

struct Assembled {
  std::vector<ChatChunk> forwarded;
  ChatResult result;
};

Assembled assemble(const std::vector<ChatChunk>& chunks, ChatOutputOptions options = {}) {
  Assembled out;
  ChatStreamAssembler assembler(options);
  ChatChunk shaped;
  for (const auto& c : chunks) {
    assembler.add(c, shaped);
    if (!shaped.empty()) out.forwarded.push_back(shaped);
  }
  assembler.finish(shaped);
  out.forwarded.push_back(shaped);
  out.result = assembler.take_result();
  return out;
}

TEST(ChatStreamAssembler, NeverAnEmptyThinkBlock) {
  // Qwen3 with thinking off still emits an empty block.
  ChatOutputOptions tagged;
  tagged.reasoning = ReasoningOutput::think_block;
  auto a = assemble({content("<think>\n\n</think>\n\n"), content("Hello")}, tagged);
  EXPECT_EQ(a.result.content, "Hello");
  auto b = assemble({reasoning("\n"), reasoning("  "), content("Hi")}, tagged);
  EXPECT_EQ(b.result.content, "Hi");
  auto c = assemble({reasoning("only thinking")}, tagged);
  EXPECT_EQ(c.result.content, "<think>\nonly thinking\n</think>");
}

TEST(ChatStreamAssembler, ReasoningWhitespaceInsideIsKept) {
  auto a = assemble({reasoning("First.\n\n"), reasoning("Second.\n"), content("\n\nDone")});
  EXPECT_EQ(a.result.reasoning, "First.\n\nSecond.");
  EXPECT_EQ(a.result.content, "Done");
}

TEST(ChatStreamAssembler, ToolCallsWithoutIndexMatchedById) {
  auto a =
      assemble({call(-1, "a", "f", "{\"x\""), call(-1, "a", "", ":1}"), call(-1, "b", "g", "{}")});
  ASSERT_EQ(a.result.tool_calls.size(), 2u);
  EXPECT_EQ(a.result.tool_calls[0], (ToolCall{"a", "f", "{\"x\":1}"}));
  EXPECT_EQ(a.result.tool_calls[1], (ToolCall{"b", "g", "{}"}));
  EXPECT_EQ(a.forwarded[1].tool_calls[0], (ToolCallDelta{0, "", "", ":1}"}));
  EXPECT_EQ(a.forwarded[2].tool_calls[0], (ToolCallDelta{1, "b", "g", "{}"}));
}

TEST(ChatStreamAssembler, ReusedIndexWithNewIdIsANewCallAndIdsAreSynthesised) {
  ChatOutputOptions options;
  options.tool_call_id_prefix = "call_r1_";
  auto a =
      assemble({call(0, "", "f", "{}"), call(0, "x2", "g", "{}"), call(0, "", "", "")}, options);
  ASSERT_EQ(a.result.tool_calls.size(), 2u);
  EXPECT_EQ(a.result.tool_calls[0].id, "call_r1_0");
  EXPECT_EQ(a.result.tool_calls[1].id, "x2");
  EXPECT_EQ(a.result.finish_reason, "tool_calls");
}

TEST(ChatStreamAssembler, LateNameGoesOutOnce) {
  auto a = assemble({call(0, "id", "", "{"), call(0, "", "f", "}")});
  EXPECT_EQ(a.result.tool_calls[0], (ToolCall{"id", "f", "{}"}));
  EXPECT_EQ(a.forwarded[1].tool_calls[0].name, "f");
}

TEST(ChatStreamAssembler, UsageFromContainerOrEstimated) {
  ChatChunk usage;
  usage.usage = Usage{10, 5, Usage::kUnknown, false};
  auto reported = assemble({content("abc"), usage});
  EXPECT_EQ(reported.result.usage, (Usage{10, 5, 15, false}));

  ChatOutputOptions options;
  options.prompt_tokens_estimate = 42;
  auto estimated = assemble({content("twelve chars")}, options);
  EXPECT_EQ(estimated.result.usage, (Usage{42, estimate_tokens("twelve chars"),
                                           42 + estimate_tokens("twelve chars"), true}));
  EXPECT_EQ(estimated.forwarded.back().usage, estimated.result.usage);
}

TEST(ChatStreamAssembler, FinishReasonKeptOrDerived) {
  ChatChunk length;
  length.finish_reason = "length";
  EXPECT_EQ(assemble({content("a"), length}).result.finish_reason, "length");
  EXPECT_EQ(assemble({content("a")}).result.finish_reason, "stop");
}

TEST(TokenEstimate, AsciiAndWideCharacters) {
  EXPECT_EQ(estimate_tokens(""), 0);
  EXPECT_EQ(estimate_tokens("abcd"), 1);
  EXPECT_EQ(estimate_tokens("abcde"), 2);
  EXPECT_EQ(estimate_tokens("你好"), 2);
  ChatRequest r;
  r.messages.push_back(ChatMessage::text(ChatRole::user, "abcdefgh"));
  EXPECT_EQ(estimate_prompt_tokens(r), 4 + 2);
}

TEST(ChatFormat, NamesDetectionAndHints) {
  EXPECT_EQ(parse_chat_format("tgi"), ChatFormat::tgi);
  EXPECT_EQ(parse_chat_format("auto"), ChatFormat::automatic);
  auto unknown = parse_chat_format("bedrock");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, ErrorKind::invalid_argument);
  EXPECT_NE(unknown.error().message.find("openai, lmi, tgi or auto"), std::string::npos);

  EXPECT_EQ(format_hint_from_rejection(
                "Failed to deserialize the JSON body into the target type: missing field `inputs` "
                "at line 1 column 93"),
            ChatFormat::lmi);
  EXPECT_EQ(format_hint_from_rejection("Predictor missing field inputs"), ChatFormat::lmi);
  EXPECT_EQ(format_hint_from_rejection("missing field `messages`"), ChatFormat::openai);
  EXPECT_EQ(format_hint_from_rejection("CUDA out of memory"), std::nullopt);
  EXPECT_EQ(normalize_finish_reason("eos_token"), "stop");
  EXPECT_EQ(normalize_finish_reason("content_filter"), "content_filter");
}

}  // namespace
}  // namespace smp::models
