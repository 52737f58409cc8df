// The fast path must give exactly what the general decoder gives, and must take the records
// that make up almost every stream (otherwise it is not a fast path).
#include "models/llm/openai_chunk_reader.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <string>
#include <vector>

#include "models/llm/chat_stream_decoder.hpp"
#include "models/llm/openai_chat.hpp"
#include "models/stream_framer.hpp"
#include "split_feed.hpp"

namespace smp::models {
namespace {

struct General {
  bool ok = false;
  ChatChunk chunk;
};

General general(std::string_view record) {
  General out;
  boost::system::error_code ec;
  const auto value = boost::json::parse(record, ec);
  if (ec) return out;
  out.ok = openai_chat::decode_stream_record(value, record, out.chunk).has_value();
  return out;
}

std::vector<std::string> fixture_records(std::string_view name) {
  std::vector<std::string> records;
  StreamFramer framer;
  auto sink = [&](const StreamRecord& r) -> Result<void> {
    if (r.kind == RecordKind::json) records.emplace_back(r.text);
    return {};
  };
  const std::string stream = testing::read_fixture(name);
  EXPECT_TRUE(framer.feed(stream, sink));
  EXPECT_TRUE(framer.finish(sink));
  return records;
}

TEST(OpenAiChunkReader, AgreesWithTheGeneralDecoderOnEveryRecord) {
  std::vector<std::string> records;
  for (const char* name :
       {"vllm_chat_stream.sse", "vllm_usage_done_glued.sse", "vllm_reasoning_stream.sse",
        "vllm_reasoning_content_stream.sse", "think_inline_stream.sse",
        "vllm_tool_calls_stream.sse", "lmi_chat_stream.jsonl", "tgi_messages_stream.sse",
        "vllm_error_stream.sse", "tool_call_text_stream.sse", "chat_completion_document.json"}) {
    for (auto& r : fixture_records(name))
      records.push_back(std::move(r));
  }
  for (
      const char* edge : {
          R"({"choices":[{"index":0,"delta":{"content":"a\"b\\u00e9\n"},"finish_reason":null}]})",
          R"({"choices":[{"index":0,"delta":{"reasoning":null,"reasoning_content":"rc"}}]})",
          R"({"choices":[{"index":0,"delta":{"reasoning":"","reasoning_content":"rc"}}]})",
          R"({"choices":[{"index":1,"delta":{"content":"other choice"}}]})",
          R"({"choices":[{"delta":{"content":"no index"}}]})",
          R"({"choices":[{"index":0,"delta":{"content":"x"}},{"index":1,"delta":{"content":"y"}}]})",
          R"({"choices":[{"index":0,"delta":{"content":[{"type":"text","text":"parts"}]}}]})",
          R"({"choices":[{"index":0,"delta":null,"finish_reason":"length"}]})",
          R"({"choices":[{"index":0,"delta":{},"finish_reason":"error"}]})",
          R"({"choices":[],"usage":{"prompt_tokens":1.0,"completion_tokens":2,"total_tokens":3}})",
          R"({"choices":[],"usage":null})",
          R"({"object":"error","message":"boom","code":500})",
          R"({"error":null,"choices":[]})",
          R"({"choices":{"index":0}})",
          R"({"choices":[5]})",
          R"({"choices":[{"index":0,"delta":{"content":true}}]})",
          R"({"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":7}]})",
          R"({"id":"x","choices":[{"index":0,"delta":{"content":"deep"},"logprobs":{"content":[{"token":"deep","bytes":[100]}]}}]})",
          R"([1,2])",
          R"({"choices":[{"index":0,"delta":{"content":"unterminated"})",
      }) {
    records.emplace_back(edge);
  }
  OpenAiChunkReader reader;
  int taken = 0;
  for (const auto& record : records) {
    ChatChunk fast;
    const bool accepted = reader.read(record, fast);
    if (!accepted) continue;
    ++taken;
    const General slow = general(record);
    ASSERT_TRUE(slow.ok) << "fast path accepted what the general decoder rejects: " << record;
    EXPECT_EQ(fast, slow.chunk) << record;
  }
  EXPECT_GT(taken, static_cast<int>(records.size()) / 2);
}

TEST(OpenAiChunkReader, TakesTheCommonRecords) {
  OpenAiChunkReader reader;
  ChatChunk out;
  for (
      const char* common : {
          R"({"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]})",
          R"({"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":" word"},"logprobs":null,"finish_reason":null}]})",
          R"({"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"reasoning":" think"},"logprobs":null,"finish_reason":null}]})",
          R"({"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop","stop_reason":null}]})",
          R"({"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":3,"total_tokens":5,"completion_tokens":2}})",
      }) {
    clear_chunk(out);
    EXPECT_TRUE(reader.read(common, out)) << common;
  }
  EXPECT_EQ(out.usage, (Usage{3, 2, 5, false}));
}

}  // namespace
}  // namespace smp::models
