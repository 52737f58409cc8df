#include "gateway/openai_responses.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <cstring>

#include "aws/crypto.hpp"
#include "base/base64.hpp"

namespace smp::gateway {
namespace {

namespace json = boost::json;

ResponseIdentity identity() {
  return {"chatcmpl-1", 1700000000, "qwen"};
}

TEST(OpenAiResponses, ChatCompletionWithReasoningToolsAndUsage) {
  models::ChatResult result;
  result.reasoning = "thinking";
  result.tool_calls.push_back({"call_1", "get_weather", R"({"city":"Paris"})"});
  result.finish_reason = "tool_calls";
  result.usage = {10, 5, 15, false};
  const auto v = json::parse(render_chat_completion(identity(), result));
  EXPECT_EQ(v.at("object"), "chat.completion");
  EXPECT_EQ(v.at("model"), "qwen");
  const auto& choice = v.at("choices").at(0);
  EXPECT_EQ(choice.at("finish_reason"), "tool_calls");
  const auto& message = choice.at("message");
  EXPECT_TRUE(message.at("content").is_null());  // tool-only answers have null content
  EXPECT_EQ(message.at("reasoning_content"), "thinking");
  EXPECT_EQ(message.at("tool_calls").at(0).at("id"), "call_1");
  EXPECT_EQ(message.at("tool_calls").at(0).at("type"), "function");
  EXPECT_EQ(message.at("tool_calls").at(0).at("function").at("arguments"), R"({"city":"Paris"})");
  EXPECT_EQ(v.at("usage").at("total_tokens"), 15);
}

TEST(OpenAiResponses, ChunksCarryRoleOnceAndToolCallIdsOncePerIndex) {
  ChunkRenderer renderer(identity(), true);
  models::ChatChunk first;
  first.tool_calls.push_back({0, "call_a", "f", ""});
  first.tool_calls.push_back({1, "call_b", "g", "{"});
  models::ChatChunk second;
  // Some assemblers repeat the id and name; the renderer must not.
  second.tool_calls.push_back({0, "call_a", "f", R"({"x")"});
  second.tool_calls.push_back({1, "", "", "}"});
  models::ChatChunk last;
  last.finish_reason = "tool_calls";

  const auto a = json::parse(*renderer.render(first));
  const auto b = json::parse(*renderer.render(second));
  const auto c = json::parse(*renderer.render(last));
  EXPECT_EQ(a.at("object"), "chat.completion.chunk");
  EXPECT_TRUE(a.at("usage").is_null());
  const auto& da = a.at("choices").at(0).at("delta");
  EXPECT_EQ(da.at("role"), "assistant");
  EXPECT_EQ(da.at("tool_calls").at(0).at("index"), 0);
  EXPECT_EQ(da.at("tool_calls").at(0).at("id"), "call_a");
  EXPECT_EQ(da.at("tool_calls").at(0).at("function").at("name"), "f");
  EXPECT_EQ(da.at("tool_calls").at(1).at("id"), "call_b");
  const auto& db = b.at("choices").at(0).at("delta");
  EXPECT_FALSE(db.as_object().contains("role"));
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& call = db.at("tool_calls").at(i).as_object();
    EXPECT_EQ(call.at("index"), static_cast<std::int64_t>(i));
    EXPECT_FALSE(call.contains("id"));
    EXPECT_FALSE(call.at("function").as_object().contains("name"));
  }
  EXPECT_EQ(db.at("tool_calls").at(0).at("function").at("arguments"), R"({"x")");
  EXPECT_EQ(c.at("choices").at(0).at("finish_reason"), "tool_calls");
  EXPECT_TRUE(a.at("choices").at(0).at("finish_reason").is_null());

  const auto usage = json::parse(renderer.render_usage({3, 4, 7, false}));
  EXPECT_TRUE(usage.at("choices").as_array().empty());
  EXPECT_EQ(usage.at("usage").at("completion_tokens"), 4);
}

TEST(OpenAiResponses, ReasoningAndContentDeltasAndEmptyChunks) {
  ChunkRenderer renderer(identity(), false);
  models::ChatChunk thinking;
  thinking.reasoning = "hmm";
  const auto a = json::parse(*renderer.render(thinking));
  EXPECT_EQ(a.at("choices").at(0).at("delta").at("reasoning_content"), "hmm");
  EXPECT_FALSE(a.as_object().contains("usage"));  // only with include_usage
  EXPECT_FALSE(renderer.render(models::ChatChunk{}).has_value());
  models::ChatChunk text;
  text.content = "hi";
  EXPECT_EQ(json::parse(*renderer.render(text)).at("choices").at(0).at("delta").at("content"),
            "hi");
}

TEST(OpenAiResponses, TextCompletionChunks) {
  ChunkRenderer renderer(identity(), false, true);
  models::ChatChunk text;
  text.content = "once";
  const auto v = json::parse(*renderer.render(text));
  EXPECT_EQ(v.at("object"), "text_completion");
  EXPECT_EQ(v.at("choices").at(0).at("text"), "once");
}

TEST(OpenAiResponses, EmbeddingsFloatAndBase64AgreeBitForBit) {
  models::EmbeddingResult result;
  result.vectors = {{0.5f, -1.25f, 3.0e-8f}, {1.0f / 3.0f, 0.0f, -0.0f}};
  result.usage.prompt_tokens = 6;
  result.usage.total_tokens = 6;
  const auto floats = json::parse(render_embeddings("e", result, false));
  const auto b64 = json::parse(render_embeddings("e", result, true));
  EXPECT_EQ(floats.at("usage").at("prompt_tokens"), 6);
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& list = floats.at("data").at(i).at("embedding").as_array();
    const auto bytes = base64_decode(b64.at("data").at(i).at("embedding").as_string());
    ASSERT_TRUE(bytes);
    ASSERT_EQ(bytes->size(), list.size() * 4);
    for (std::size_t j = 0; j < list.size(); ++j) {
      // Little-endian float32, as numpy.frombuffer(dtype=float32) reads it.
      std::uint32_t bits = 0;
      for (int b = 3; b >= 0; --b)
        bits = (bits << 8) | static_cast<unsigned char>((*bytes)[j * 4 + b]);
      float value;
      std::memcpy(&value, &bits, 4);
      EXPECT_EQ(value, result.vectors[i][j]);
      EXPECT_EQ(static_cast<float>(list[j].to_number<double>()), result.vectors[i][j]);
    }
  }
}

TEST(OpenAiResponses, RerankKeepsOrderAndDocumentsOnRequest) {
  models::RerankResult result;
  result.results = {{2, 0.9, ""}, {0, 0.1, ""}};
  const std::vector<std::string> docs = {"a", "b", "c"};
  const auto with = json::parse(render_rerank("r", "m", result, docs, true));
  EXPECT_EQ(with.at("results").at(0).at("index"), 2);
  EXPECT_EQ(with.at("results").at(0).at("document").at("text"), "c");
  EXPECT_DOUBLE_EQ(with.at("results").at(1).at("relevance_score").as_double(), 0.1);
  const auto without = json::parse(render_rerank("r", "m", result, docs, false));
  EXPECT_FALSE(without.at("results").at(0).as_object().contains("document"));
}

TEST(OpenAiResponses, ModelList) {
  const auto v = json::parse(render_model_list({{"a", "llm"}, {"b", "rerank"}}, 5));
  EXPECT_EQ(v.at("object"), "list");
  EXPECT_EQ(v.at("data").at(1).at("id"), "b");
  EXPECT_EQ(v.at("data").at(1).at("object"), "model");
  EXPECT_EQ(v.at("data").at(1).at("owned_by"), "sagemaker");
}

}  // namespace
}  // namespace smp::gateway
