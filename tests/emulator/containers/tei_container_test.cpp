// Golden tests of the tei container against user-needs §2.5.
#include <gtest/gtest.h>

#include <cmath>

#include "emulator/containers/container_test_support.hpp"

namespace smp::emulator {
namespace {

using testing::invoke;
using testing::parse;
namespace json = boost::json;

double cosine(const json::array& a, const json::array& b) {
  double dot = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    dot += a[i].to_number<double>() * b[i].to_number<double>();
  return dot;  // both unit length
}

TEST(TeiContainer, EmbedAnswersBareArraysOfUnitVectors) {
  const auto out = invoke(
      "tei",
      R"({"inputs":["the cat sat","the cat sat","stock prices fell"],"truncate":false,"normalize":true})");
  ASSERT_EQ(out.status, 200);
  EXPECT_TRUE(out.body.starts_with("[["));
  const auto vectors = parse(out.body).as_array();
  ASSERT_EQ(vectors.size(), 3u);
  ASSERT_EQ(vectors[0].as_array().size(), 1024u);
  EXPECT_NEAR(cosine(vectors[0].as_array(), vectors[1].as_array()), 1.0, 1e-5);
  EXPECT_LT(cosine(vectors[0].as_array(), vectors[2].as_array()), 0.5);
  // A single string is still a batch of one.
  EXPECT_EQ(parse(invoke("tei", R"({"inputs":"x"})").body).as_array().size(), 1u);
  // dimensions truncates.
  EXPECT_EQ(parse(invoke("tei", R"({"inputs":"x","dimensions":8})").body).at(0).as_array().size(),
            8u);
}

TEST(TeiContainer, BatchOverTheLimitIs413WithTeiErrorShape) {
  std::string body = R"({"inputs":[)";
  for (int i = 0; i < 33; ++i)
    body += std::string(i ? "," : "") + "\"t\"";
  body += "]}";
  const auto out = invoke("tei", body);
  EXPECT_EQ(out.status, 413);
  EXPECT_EQ(
      out.body,
      R"({"error":"batch size 33 > maximum allowed batch size 32","error_type":"Validation"})");
}

TEST(TeiContainer, LongInputIs413UnlessTruncated) {
  std::string text;
  for (int i = 0; i < 600; ++i)
    text += i > 0 ? " word" : "word";
  const auto refused = invoke("tei", R"({"inputs":")" + text + "\"}");
  EXPECT_EQ(refused.status, 413);
  EXPECT_NE(refused.body.find("must have less than 512 tokens. Given: 600"), std::string::npos);
  EXPECT_EQ(invoke("tei", R"({"inputs":")" + text + R"(","truncate":true})").status, 200);
}

TEST(TeiContainer, RerankIsSortedDescendingWithOriginalIndices) {
  ContainerOptions reranker;
  reranker.task = "rerank";
  const auto out = invoke(
      "tei",
      R"({"query":"what is the capital of france","texts":["bananas are yellow","paris is the capital of france","the capital of italy is rome"],"return_text":true})",
      reranker);
  ASSERT_EQ(out.status, 200);
  const auto ranks = parse(out.body).as_array();
  ASSERT_EQ(ranks.size(), 3u);
  EXPECT_EQ(ranks[0].at("index"), 1);
  EXPECT_EQ(ranks[0].at("text"), "paris is the capital of france");
  EXPECT_EQ(ranks[2].at("index"), 0);
  for (std::size_t i = 1; i < ranks.size(); ++i) {
    EXPECT_GE(ranks[i - 1].at("score").to_number<double>(),
              ranks[i].at("score").to_number<double>());
  }
  EXPECT_GT(ranks[0].at("score").to_number<double>(), 0.5);
  EXPECT_LT(ranks[2].at("score").to_number<double>(), 0.5);
  // raw_scores gives logits; without return_text there is no text.
  const auto raw = parse(invoke("tei", R"({"query":"a","texts":["b"],"raw_scores":true})").body);
  EXPECT_DOUBLE_EQ(raw.at(0).at("score").to_number<double>(), -4.0);
  EXPECT_FALSE(raw.at(0).as_object().contains("text"));
}

TEST(TeiContainer, BadBodiesGetAxumsPlainTextErrors) {
  const auto syntax = invoke("tei", "[1,");
  EXPECT_EQ(syntax.status, 400);
  EXPECT_EQ(syntax.content_type, "text/plain; charset=utf-8");
  const auto shape = invoke("tei", R"({"text":"x"})");
  EXPECT_EQ(shape.status, 422);
  EXPECT_EQ(shape.body,
            "Failed to deserialize the JSON body into the target type: missing field `inputs`");
  const auto empty = invoke("tei", R"({"inputs":[]})");
  EXPECT_EQ(empty.status, 422);
  EXPECT_EQ(parse(empty.body).at("error_type"), "Validation");
}

}  // namespace
}  // namespace smp::emulator
