// Golden tests of whole chat streams (fixtures in tests/models/fixtures follow user-needs.md §2
// and aws-wire.md §2.7), each fed whole, cut at every byte and byte by byte: the chunks, the
// result and any error must not depend on where SageMaker cut the PayloadParts.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/llm/chat_stream_reader.hpp"
#include "split_feed.hpp"

namespace smp::models {
namespace {

struct StreamRun {
  std::vector<ChatChunk> chunks;
  ChatResult result;
  ChatFormat format = ChatFormat::automatic;
  std::string error_code;
  ErrorKind error_kind = ErrorKind::internal;
  std::string error_message;
  bool operator==(const StreamRun& o) const {
    return chunks == o.chunks && result == o.result && format == o.format &&
           error_code == o.error_code && error_message == o.error_message;
  }
};

StreamRun run(ChatFormat format, const std::vector<std::string_view>& parts,
              ChatOutputOptions options = {}) {
  StreamRun out;
  ChatStreamReader reader(format, options);
  auto sink = [&](const ChatChunk& chunk) { out.chunks.push_back(chunk); };
  auto record_error = [&](const Error& e) {
    out.error_code = e.code;
    out.error_kind = e.kind;
    out.error_message = e.message;
  };
  for (auto part : parts) {
    if (auto fed = reader.feed(part, sink); !fed) {
      record_error(fed.error());
      out.format = reader.format();
      return out;
    }
  }
  auto result = reader.finish(sink);
  if (!result) {
    record_error(result.error());
  } else {
    out.result = *result;
  }
  out.format = reader.format();
  return out;
}

// Runs the fixture whole and at every split; returns the whole-stream run.
StreamRun run_fixture(std::string_view name, ChatFormat format, ChatOutputOptions options = {}) {
  const std::string stream = testing::read_fixture(name);
  const StreamRun whole = run(format, {stream}, options);
  for (const auto& parts : testing::every_split(stream)) {
    const StreamRun split = run(format, parts, options);
    EXPECT_TRUE(split == whole) << name << ": " << testing::describe_split(parts) << " gave \""
                                << split.result.content << "\" error " << split.error_code;
    if (!(split == whole)) break;
  }
  return whole;
}

std::string joined_content(const StreamRun& run) {
  std::string out;
  for (const auto& c : run.chunks)
    out += c.content;
  return out;
}

TEST(ChatStream, VllmSseWithUsageAndDone) {
  const auto r = run_fixture("vllm_chat_stream.sse", ChatFormat::openai);
  ASSERT_EQ(r.error_code, "");
  EXPECT_EQ(r.result.content, "The capital of France is Paris — 巴黎 🇫🇷.");
  EXPECT_EQ(r.result.finish_reason, "stop");
  EXPECT_EQ(r.result.usage, (Usage{21, 9, 30, false}));
  EXPECT_EQ(joined_content(r), r.result.content);
  // The final chunk carries the finish reason and usage; earlier ones carry text only.
  ASSERT_FALSE(r.chunks.empty());
  EXPECT_EQ(r.chunks.back().finish_reason, "stop");
  ASSERT_TRUE(r.chunks.back().usage.has_value());
  for (std::size_t i = 0; i + 1 < r.chunks.size(); ++i) {
    EXPECT_TRUE(r.chunks[i].finish_reason.empty());
    EXPECT_FALSE(r.chunks[i].usage.has_value());
  }
}

TEST(ChatStream, UsageChunkGluedToDoneWithCrlfLosesNothing) {
  const auto r = run_fixture("vllm_usage_done_glued.sse", ChatFormat::openai);
  ASSERT_EQ(r.error_code, "");
  EXPECT_EQ(r.result.content, "The capital of France is Paris — 巴黎 🇫🇷.");
  EXPECT_EQ(r.result.usage, (Usage{21, 9, 30, false}));
}

TEST(ChatStream, AutoDetectsOpenAiFromTheFirstRecord) {
  const auto r = run_fixture("vllm_chat_stream.sse", ChatFormat::automatic);
  EXPECT_EQ(r.format, ChatFormat::openai);
  EXPECT_EQ(r.result.content, "The capital of France is Paris — 巴黎 🇫🇷.");
}

TEST(ChatStream, ReasoningFieldAsSeparateField) {
  const auto r = run_fixture("vllm_reasoning_stream.sse", ChatFormat::openai);
  ASSERT_EQ(r.error_code, "");
  EXPECT_EQ(r.result.reasoning, "The user wants 2+2.");
  EXPECT_EQ(r.result.content, "2 + 2 = 4.");
  EXPECT_EQ(r.result.usage, (Usage{12, 20, 32, false}));
}

TEST(ChatStream, ReasoningFieldAsOneThinkBlock) {
  ChatOutputOptions options;
  options.reasoning = ReasoningOutput::think_block;
  const auto r = run_fixture("vllm_reasoning_stream.sse", ChatFormat::openai, options);
  EXPECT_EQ(r.result.content, "<think>\nThe user wants 2+2.\n</think>2 + 2 = 4.");
  EXPECT_EQ(r.result.reasoning, "");
  EXPECT_EQ(joined_content(r), r.result.content);
}

TEST(ChatStream, OlderReasoningContentField) {
  const auto r = run_fixture("vllm_reasoning_content_stream.sse", ChatFormat::openai);
  EXPECT_EQ(r.result.reasoning, "Add the numbers.");
  EXPECT_EQ(r.result.content, "4");
  // No usage in the stream: estimated, and marked so.
  EXPECT_TRUE(r.result.usage.estimated);
  EXPECT_GT(r.result.usage.completion_tokens, 0);
}

TEST(ChatStream, InlineThinkTagsSplitAcrossChunks) {
  const auto r = run_fixture("think_inline_stream.sse", ChatFormat::openai);
  EXPECT_EQ(r.result.reasoning, "Let me add: 2+2.");
  EXPECT_EQ(r.result.content, "The answer is 4.");
  ChatOutputOptions tagged;
  tagged.reasoning = ReasoningOutput::think_block;
  const auto t = run_fixture("think_inline_stream.sse", ChatFormat::openai, tagged);
  EXPECT_EQ(t.result.content, "<think>\nLet me add: 2+2.\n</think>The answer is 4.");
}

TEST(ChatStream, ToolCallDeltasAssembledByIndex) {
  const auto r = run_fixture("vllm_tool_calls_stream.sse", ChatFormat::openai);
  ASSERT_EQ(r.error_code, "");
  ASSERT_EQ(r.result.tool_calls.size(), 2u);
  EXPECT_EQ(r.result.tool_calls[0],
            (ToolCall{"chatcmpl-tool-a1", "get_weather", "{\"city\": \"Paris\"}"}));
  EXPECT_EQ(r.result.tool_calls[1],
            (ToolCall{"chatcmpl-tool-b2", "get_time", "{\"tz\": \"CET\"}"}));
  EXPECT_EQ(r.result.finish_reason, "tool_calls");
  EXPECT_EQ(r.result.content, "");
  // Forwarded deltas: id and name once per call, then only argument fragments.
  int with_id = 0;
  for (const auto& chunk : r.chunks) {
    for (const auto& d : chunk.tool_calls) {
      if (!d.id.empty()) {
        ++with_id;
        EXPECT_FALSE(d.name.empty());
      } else {
        EXPECT_TRUE(d.name.empty());
      }
    }
  }
  EXPECT_EQ(with_id, 2);
}

TEST(ChatStream, LmiChatSchemaJsonLines) {
  const auto r = run_fixture("lmi_chat_stream.jsonl", ChatFormat::openai);
  EXPECT_EQ(r.result.content, "Hello there");
  EXPECT_EQ(r.result.finish_reason, "stop");  // eos_token normalised
}

TEST(ChatStream, TgiMessagesSseWithoutSpace) {
  const auto r = run_fixture("tgi_messages_stream.sse", ChatFormat::automatic);
  EXPECT_EQ(r.format, ChatFormat::openai);
  EXPECT_EQ(r.result.content, "Bonjour !");
}

TEST(ChatStream, TgiGenerateTokenStream) {
  const auto r = run_fixture("tgi_generate_stream.sse", ChatFormat::tgi);
  ASSERT_EQ(r.error_code, "");
  EXPECT_EQ(r.result.content, "Once upon a time");  // the special </s> token is not content
  EXPECT_EQ(r.result.finish_reason, "stop");
  EXPECT_EQ(r.result.usage, (Usage{11, 4, 15, false}));
  const auto detected = run_fixture("tgi_generate_stream.sse", ChatFormat::automatic);
  EXPECT_EQ(detected.format, ChatFormat::tgi);
  EXPECT_EQ(detected.result, r.result);
}

TEST(ChatStream, LmiTokenStream) {
  ChatOutputOptions options;
  options.prompt_tokens_estimate = 7;
  const auto r = run_fixture("lmi_token_stream.jsonl", ChatFormat::lmi, options);
  ASSERT_EQ(r.error_code, "");
  EXPECT_EQ(r.result.content, "Deep learning is");
  EXPECT_EQ(r.result.finish_reason, "length");
  // LMI reported the completion count only: the prompt count is our estimate.
  EXPECT_EQ(r.result.usage, (Usage{7, 3, 10, true}));
  EXPECT_EQ(run_fixture("lmi_token_stream.jsonl", ChatFormat::automatic).format, ChatFormat::lmi);
}

TEST(ChatStream, LmiV15AsyncStreamWithoutFinalNewline) {
  const auto r = run_fixture("lmi_v15_stream.jsonl", ChatFormat::lmi);
  EXPECT_EQ(r.result.content, "Hi!");
  EXPECT_EQ(r.result.usage, (Usage{5, 2, 7, false}));
}

TEST(ChatStream, OlderLmiOutputsLines) {
  const auto r = run_fixture("lmi_outputs_stream.jsonl", ChatFormat::lmi);
  EXPECT_EQ(r.result.content, " a problem");
}

TEST(ChatStream, WholeDocumentOnAStream) {
  const auto r = run_fixture("chat_completion_document.json", ChatFormat::automatic);
  EXPECT_EQ(r.format, ChatFormat::openai);
  EXPECT_EQ(r.result.content, "Whole answer.");
  EXPECT_EQ(r.result.usage, (Usage{5, 3, 8, false}));
}

TEST(ChatStream, ToolCallTextFallbackAcrossChunks) {
  ChatOutputOptions options;
  options.parse_tool_call_tags = true;
  options.tool_call_id_prefix = "call_req7_";
  const auto r = run_fixture("tool_call_text_stream.sse", ChatFormat::openai, options);
  ASSERT_EQ(r.error_code, "");
  EXPECT_EQ(r.result.content, "Let me check.");
  ASSERT_EQ(r.result.tool_calls.size(), 2u);
  EXPECT_EQ(r.result.tool_calls[0],
            (ToolCall{"call_req7_0", "get_weather", "{\"city\":\"Paris\"}"}));
  EXPECT_EQ(r.result.tool_calls[1], (ToolCall{"call_req7_1", "get_time", "{}"}));
  EXPECT_EQ(r.result.finish_reason, "tool_calls");
}

TEST(ChatStream, MidStreamErrorsEndTheStream) {
  const auto tgi = run_fixture("tgi_error_stream.sse", ChatFormat::tgi);
  EXPECT_EQ(tgi.error_code, "ContainerStreamError");
  EXPECT_EQ(tgi.error_kind, ErrorKind::model);
  EXPECT_NE(tgi.error_message.find("CUDA out of memory (generation)"), std::string::npos);
  // What arrived before the error was forwarded; the result is not passed off as complete.
  EXPECT_EQ(joined_content(tgi), "Once upon");

  const auto lmi = run_fixture("lmi_error_stream.jsonl", ChatFormat::lmi);
  EXPECT_EQ(lmi.error_code, "ContainerStreamError");
  EXPECT_EQ(lmi.error_kind, ErrorKind::model);

  const auto vllm = run_fixture("vllm_error_stream.sse", ChatFormat::automatic);
  EXPECT_EQ(vllm.error_code, "ContainerStreamError");
  EXPECT_NE(vllm.error_message.find("The engine loop has stopped."), std::string::npos);
}

TEST(ChatStream, SseErrorEventEndsTheStream) {
  const std::string stream =
      "data:{\"token\":{\"id\":1,\"text\":\"a\"}}\n\nevent: error\ndata: "
      "{\"message\":\"overloaded\"}\n\n";
  const auto r = run(ChatFormat::tgi, {stream});
  EXPECT_EQ(r.error_code, "ContainerStreamError");
  EXPECT_NE(r.error_message.find("overloaded"), std::string::npos);
}

TEST(ChatStream, EventNamesApplyToTheirOwnEventOnly) {
  const std::string stream =
      "event: ping\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"}}]}\n\n"
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"}}]}\n\n";
  const auto r = run(ChatFormat::openai, {stream});
  EXPECT_EQ(r.error_code, "");
  EXPECT_EQ(r.result.content, "ab");
}

TEST(ChatStream, EmptyStreamIsAnErrorNotAnEmptyAnswer) {
  const auto r = run(ChatFormat::openai, {""});
  EXPECT_EQ(r.error_code, "EmptyStream");
  const auto only_done = run(ChatFormat::openai, {"data: [DONE]\n\n"});
  EXPECT_EQ(only_done.error_code, "");
}

TEST(ChatStream, UnrecognisedRecordNamesWhatWasExpected) {
  const auto r = run(ChatFormat::automatic, {"{\"predictions\":[1,2]}\n"});
  EXPECT_EQ(r.error_code, "UnexpectedContainerReply");
  EXPECT_NE(r.error_message.find("got an object with keys [predictions]"), std::string::npos)
      << r.error_message;
  const auto bad_json = run(ChatFormat::openai, {"data: {\"choices\":[1,]}\n\n"});
  EXPECT_EQ(bad_json.error_code, "InvalidJson");
  EXPECT_EQ(bad_json.error_kind, ErrorKind::protocol);
  const auto unbalanced = run(ChatFormat::openai, {"data: {\"choices\":[}\n\n"});
  EXPECT_EQ(unbalanced.error_code, "UnfinishedStreamRecord");
}

TEST(ChatStream, StreamsAreIndependent) {
  // Two readers interleaved keep their own state (the Python plugin shared it, user-needs B15).
  const std::string think = testing::read_fixture("think_inline_stream.sse");
  const std::string plain = testing::read_fixture("vllm_chat_stream.sse");
  ChatStreamReader a(ChatFormat::openai);
  ChatStreamReader b(ChatFormat::openai);
  auto ignore = [](const ChatChunk&) {};
  const std::size_t step = 17;
  for (std::size_t i = 0; i < std::max(think.size(), plain.size()); i += step) {
    if (i < think.size()) {
      ASSERT_TRUE(a.feed(std::string_view(think).substr(i, step), ignore));
    }
    if (i < plain.size()) {
      ASSERT_TRUE(b.feed(std::string_view(plain).substr(i, step), ignore));
    }
  }
  auto ra = a.finish(ignore);
  auto rb = b.finish(ignore);
  ASSERT_TRUE(ra && rb);
  EXPECT_EQ(ra->content, "The answer is 4.");
  EXPECT_EQ(rb->content, "The capital of France is Paris — 巴黎 🇫🇷.");
  EXPECT_EQ(rb->reasoning, "");
}

TEST(ChatStream, LongStreamsKeepMemoryBounded) {
  // Tens of thousands of records through one reader: per-record parse memory is recycled.
  const std::string record =
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" "
      "x\"},\"finish_reason\":null}]}\n\n";
  ChatStreamReader reader(ChatFormat::openai);
  std::size_t forwarded = 0;
  auto sink = [&](const ChatChunk& c) { forwarded += c.content.size(); };
  for (int i = 0; i < 20000; ++i)
    ASSERT_TRUE(reader.feed(record, sink));
  auto result = reader.finish(sink);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->content.size(), 40000u);
  EXPECT_EQ(forwarded, 40000u);
}

}  // namespace
}  // namespace smp::models
