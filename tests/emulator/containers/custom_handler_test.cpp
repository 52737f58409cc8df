// Golden tests of the custom-handler containers: bge-m3 (§2.6), FlagReranker (§2.7) and the
// Qwen3-Reranker BYOC (§2.8).
#include <gtest/gtest.h>

#include "emulator/containers/container_test_support.hpp"

namespace smp::emulator {
namespace {

using testing::invoke;
using testing::parse;

TEST(BgeM3Container, EmbeddingsObjectWrittenByDjlWithTheQueryInstruction) {
  const auto out =
      invoke("bge-m3", R"({"inputs":["reset password","reset password"],"is_query":true,
      "instruction":"Represent this sentence for searching relevant passages:","max_length":2048})");
  ASSERT_EQ(out.status, 200);
  EXPECT_TRUE(out.body.starts_with("{\n  \"embeddings\":[\n    [\n      "))
      << out.body.substr(0, 40);
  const auto body = parse(out.body);
  const auto& embeddings = body.at("embeddings").as_array();
  ASSERT_EQ(embeddings.size(), 2u);
  EXPECT_EQ(embeddings[0].as_array().size(), 1024u);
  EXPECT_EQ(embeddings[0], embeddings[1]);
  // The instruction applies only to queries, so the same text embeds differently as a document.
  const auto as_document = parse(invoke("bge-m3", R"({"inputs":["reset password"],"is_query":false,
      "instruction":"Represent this sentence for searching relevant passages:"})")
                                     .body);
  EXPECT_NE(as_document.at("embeddings").at(0), embeddings[0]);
  const auto no_instruction = parse(
      invoke("bge-m3",
             R"({"inputs":["reset password"],"parameters":{},"is_query":true,"instruction":""})")
          .body);
  EXPECT_EQ(no_instruction.at("embeddings").at(0), as_document.at("embeddings").at(0));
}

TEST(BgeM3Container, HandlerExceptionsAreDjl424) {
  const auto out = invoke("bge-m3", R"({"texts":["x"]})");
  EXPECT_EQ(out.status, 424);
  const auto body = parse(out.body);
  EXPECT_EQ(body.at("code"), 424);
  EXPECT_EQ(body.at("message"), "prediction failure");
  EXPECT_EQ(body.at("error"), "'inputs'");
}

TEST(FlagRerankerContainer, RawLogitsInRequestOrderAndABareFloatForOnePair) {
  const auto out = invoke(
      "flag-reranker", R"({"inputs":["capital of france","capital of france","capital of france"],
      "docs":["bananas","paris is the capital of france","the capital of spain"]})");
  ASSERT_EQ(out.status, 200);
  const auto scores = parse(out.body).at("scores").as_array();
  ASSERT_EQ(scores.size(), 3u);
  EXPECT_DOUBLE_EQ(scores[0].as_double(), -4.0);
  EXPECT_GT(scores[1].as_double(), scores[2].as_double());
  EXPECT_GT(scores[1].as_double(), 0);

  const auto single = invoke("flag-reranker", R"({"inputs":["q"],"docs":["q"]})");
  EXPECT_EQ(single.body, "{\n  \"scores\":4.0\n}");
}

TEST(Qwen3RerankerContainer, ProbabilitiesAndSortedRankedResultsInPythonJson) {
  const auto out =
      invoke("qwen3-reranker",
             R"({"inputs":["天气 paris","天气 paris"],"docs":["bananas","天气 paris"]})");
  ASSERT_EQ(out.status, 200);
  EXPECT_TRUE(out.body.starts_with("{\"scores\": [")) << out.body;
  EXPECT_NE(out.body.find("\\u5929\\u6c14"), std::string::npos) << "json.dumps escapes non-ASCII";
  const auto body = parse(out.body);
  const auto& scores = body.at("scores").as_array();
  EXPECT_LT(scores[0].as_double(), 0.5);
  EXPECT_GT(scores[1].as_double(), 0.9);
  const auto& ranked = body.at("ranked_results").as_array();
  EXPECT_EQ(ranked[0].at("document"), "天气 paris");
  EXPECT_EQ(ranked[0].at("query"), "天气 paris");
  EXPECT_EQ(ranked[1].at("document"), "bananas");
}

TEST(Qwen3RerankerContainer, FailuresAreFastApiErrors) {
  const auto bad = invoke("qwen3-reranker", "nope");
  EXPECT_EQ(bad.status, 500);
  EXPECT_EQ(bad.body, "Internal Server Error");
  const auto one_query = invoke("qwen3-reranker", R"({"inputs":["q"],"docs":["a","b"]})");
  EXPECT_EQ(one_query.status, 500);
  EXPECT_EQ(one_query.body, R"({"detail":"Error during invocation"})");
}

}  // namespace
}  // namespace smp::emulator
