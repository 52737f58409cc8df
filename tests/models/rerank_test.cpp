#include <gtest/gtest.h>

#include <cmath>

#include "models/rerank/rerank_batches.hpp"
#include "models/rerank/rerank_codec.hpp"

namespace smp::models {
namespace {

RerankRequest request(std::vector<std::string> documents) {
  RerankRequest r;
  r.query = "what is panda?";
  r.documents = std::move(documents);
  return r;
}

std::string build(RerankFormat format, const RerankRequest& r, RerankCodecOptions options = {}) {
  auto body = build_rerank_request(format, r, options);
  EXPECT_TRUE(body) << body.error().message;
  return body ? *body : std::string();
}

using Scores = std::vector<std::optional<double>>;

TEST(RerankRequestBody, EveryFormatExactBytes) {
  auto r = request({"hi", "The giant panda is a bear."});
  EXPECT_EQ(
      build(RerankFormat::tei, r),
      R"({"query":"what is panda?","texts":["hi","The giant panda is a bear."],"truncate":true})");
  EXPECT_EQ(
      build(RerankFormat::tei, r, {.container_truncate = false, .raw_scores = true}),
      R"({"query":"what is panda?","texts":["hi","The giant panda is a bear."],"truncate":false,"raw_scores":true})");
  const std::string flag =
      R"({"inputs":["what is panda?","what is panda?"],"docs":["hi","The giant panda is a bear."]})";
  EXPECT_EQ(build(RerankFormat::flag, r), flag);
  EXPECT_EQ(build(RerankFormat::qwen3, r), flag);
  r.model = "BAAI/bge-reranker-v2-m3";
  r.top_n = 1;  // the final top_n applies after merging: every batch asks for all documents
  EXPECT_EQ(build(RerankFormat::openai, r),
            R"({"model":"BAAI/bge-reranker-v2-m3","query":"what is panda?",)"
            R"("documents":["hi","The giant panda is a bear."],"top_n":2})");
  EXPECT_EQ(
      build(RerankFormat::cohere, r),
      R"({"query":"what is panda?","documents":["hi","The giant panda is a bear."],"top_n":2})");
}

TEST(RerankRequestBody, EmptyInputsAreInvalid) {
  EXPECT_EQ(build_rerank_request(RerankFormat::tei, request({})).error().kind,
            ErrorKind::invalid_argument);
  auto no_query = request({"d"});
  no_query.query.clear();
  EXPECT_FALSE(build_rerank_request(RerankFormat::flag, no_query));
  EXPECT_FALSE(plan_rerank_batches(request({})));
}

TEST(RerankResponse, EveryFormatGivesScoresByDocument) {
  const auto r = request({"d0", "d1", "d2"});
  const Scores expected{0.1, 0.9, 0.5};
  struct Case {
    RerankFormat format;
    std::string body;
  };
  const std::vector<Case> cases{
      {RerankFormat::tei,
       R"([{"index":1,"score":0.9},{"index":2,"score":0.5},{"index":0,"score":0.1}])"},
      {RerankFormat::flag, R"({"scores":[0.1,0.9,0.5]})"},
      {RerankFormat::qwen3,
       R"({"scores":[0.1,0.9,0.5],"ranked_results":[{"query":"q","document":"d1","score":0.9},)"
       R"({"query":"q","document":"d2","score":0.5},{"query":"q","document":"d0","score":0.1}]})"},
      {RerankFormat::qwen3,
       R"({"ranked_results":[{"document":"d1","score":0.9},{"document":"d2","score":0.5},{"document":"d0","score":0.1}]})"},
      {RerankFormat::openai,
       R"({"id":"rerank-1","model":"m","usage":{"total_tokens":30},"results":[{"index":1,)"
       R"("document":{"text":"d1"},"relevance_score":0.9},{"index":2,"document":{"text":"d2"},)"
       R"("relevance_score":0.5},{"index":0,"document":{"text":"d0"},"relevance_score":0.1}]})"},
      {RerankFormat::cohere,
       R"({"results":[{"index":0,"relevance_score":0.1},{"index":2,"relevance_score":0.5},{"index":1,"relevance_score":0.9}]})"},
  };
  for (const auto& c : cases) {
    auto scores = parse_rerank_response(c.format, c.body, r);
    ASSERT_TRUE(scores) << to_string(c.format) << ": " << scores.error().message;
    EXPECT_EQ(*scores, expected) << to_string(c.format);
  }
}

TEST(RerankResponse, FlagBareFloatForOnePair) {
  EXPECT_EQ(*parse_rerank_response(RerankFormat::flag, R"({"scores":2.1})", request({"d"})),
            (Scores{2.1}));
  EXPECT_EQ(*parse_rerank_response(RerankFormat::flag, "-3.5", request({"d"})), (Scores{-3.5}));
  auto mismatch =
      parse_rerank_response(RerankFormat::flag, R"({"scores":2.1})", request({"a", "b"}));
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().message, "flag rerank: got one score for 2 documents");
}

TEST(RerankResponse, ReplyThatDoesNotMatchItsFormat) {
  const auto r = request({"d0", "d1"});
  auto wrong = parse_rerank_response(RerankFormat::tei, R"({"detail":"Not Found"})", r);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind, ErrorKind::protocol);
  EXPECT_EQ(
      wrong.error().message,
      "tei rerank: expected a JSON array of {index, score}, got an object with keys [detail]");
  EXPECT_EQ(*wrong.error().detail("body"), R"({"detail":"Not Found"})");
  auto range = parse_rerank_response(RerankFormat::tei, R"([{"index":2,"score":1}])", r);
  EXPECT_NE(range.error().message.find("out of range"), std::string::npos);
  auto count = parse_rerank_response(RerankFormat::flag, R"({"scores":[1,2,3]})", r);
  EXPECT_EQ(count.error().message, "flag rerank: expected 2 scores (one per document), got 3");
  auto error = parse_rerank_response(
      RerankFormat::tei, R"({"error":"Input validation error","error_type":"Validation"})", r);
  EXPECT_EQ(error.error().kind, ErrorKind::model);
  // A container that applied its own top_n leaves documents unscored: reported, not hidden.
  auto partial = parse_rerank_response(RerankFormat::cohere,
                                       R"({"results":[{"index":1,"relevance_score":0.7}]})", r);
  ASSERT_TRUE(partial);
  const RerankResult ranked = rank(r, *partial);
  ASSERT_EQ(ranked.results.size(), 1u);
  EXPECT_EQ(ranked.warnings,
            std::vector<std::string>{"the container did not score 1 of 2 documents"});
}

TEST(RerankRanking, SortedDescendingStableByIndexWithDocuments) {
  auto r = request({"a", "b", "c", "d"});
  const RerankResult result = rank(r, {0.2, 0.8, 0.8, 0.5});
  ASSERT_EQ(result.results.size(), 4u);
  EXPECT_EQ(result.results[0], (RerankHit{1, 0.8, "b"}));
  EXPECT_EQ(result.results[1], (RerankHit{2, 0.8, "c"}));
  EXPECT_EQ(result.results[2], (RerankHit{3, 0.5, "d"}));
  EXPECT_EQ(result.results[3], (RerankHit{0, 0.2, "a"}));
}

TEST(RerankRanking, ThresholdThenTopN) {
  auto r = request({"a", "b", "c", "d"});
  r.score_threshold = 0.5;
  EXPECT_EQ(rank(r, {0.2, 0.8, 0.6, 0.5}).results.size(), 3u);
  r.top_n = 2;
  const auto two = rank(r, {0.2, 0.8, 0.6, 0.5}).results;
  ASSERT_EQ(two.size(), 2u);
  EXPECT_EQ(two[0].index, 1u);
  EXPECT_EQ(two[1].index, 2u);
  r.top_n = -1;  // ≤ 0 means no limit
  r.score_threshold.reset();
  EXPECT_EQ(rank(r, {0.2, 0.8, 0.6, 0.5}).results.size(), 4u);
  r.top_n = 10;
  EXPECT_EQ(rank(r, {0.2, 0.8, 0.6, 0.5}).results.size(), 4u);
}

TEST(RerankRanking, SigmoidForRawLogitsBeforeTheThreshold) {
  EXPECT_DOUBLE_EQ(sigmoid(0), 0.5);
  EXPECT_NEAR(sigmoid(2.1), 1 / (1 + std::exp(-2.1)), 1e-15);
  EXPECT_EQ(sigmoid(-1000), 0.0);
  EXPECT_EQ(sigmoid(1000), 1.0);
  auto r = request({"a", "b", "c"});
  r.sigmoid = true;
  r.score_threshold = 0.5;
  const auto result = rank(r, {2.1, -3.4, 0.7});  // the FlagReranker example of §2.7
  ASSERT_EQ(result.results.size(), 2u);
  EXPECT_EQ(result.results[0].index, 0u);
  EXPECT_NEAR(result.results[0].score, sigmoid(2.1), 1e-12);
  EXPECT_EQ(result.results[1].index, 2u);
}

TEST(RerankBatches, OffsetsMapBackAcrossBatches) {
  RerankRequest r = request({});
  for (int i = 0; i < 70; ++i)
    r.documents.push_back("doc " + std::to_string(i));
  r.top_n = 5;
  auto batches = plan_rerank_batches(r);
  ASSERT_TRUE(batches);
  ASSERT_EQ(batches->size(), 3u);  // 24 + 23 + 23, all ≤ 32
  RerankMerger merger(r, *batches);
  // The score of a document is a function of its global index; batches arrive out of order.
  auto score_of = [](std::size_t i) { return std::sin(static_cast<double>(i) * 1.7); };
  for (std::size_t b : {2u, 0u, 1u}) {
    const auto& batch = (*batches)[b];
    EXPECT_LE(batch.request.documents.size(), 32u);
    EXPECT_EQ(batch.request.query, r.query);
    Scores scores;
    for (std::size_t i = 0; i < batch.request.documents.size(); ++i) {
      EXPECT_EQ(batch.request.documents[i], "doc " + std::to_string(batch.offset + i));
      scores.push_back(score_of(batch.offset + i));
    }
    ASSERT_TRUE(merger.add(b, scores));
  }
  auto merged = merger.finish();
  ASSERT_TRUE(merged);
  Scores all;
  for (std::size_t i = 0; i < 70; ++i)
    all.push_back(score_of(i));
  EXPECT_EQ(merged->results, rank(r, all).results);
  ASSERT_EQ(merged->results.size(), 5u);
  for (const auto& hit : merged->results) {
    EXPECT_EQ(hit.document, "doc " + std::to_string(hit.index));
    EXPECT_DOUBLE_EQ(hit.score, score_of(hit.index));
  }
  for (std::size_t i = 1; i < merged->results.size(); ++i) {
    EXPECT_GE(merged->results[i - 1].score, merged->results[i].score);
  }
}

TEST(RerankBatches, MergerRejectsBadBatches) {
  auto r = request({"a", "b", "c"});
  auto batches = plan_rerank_batches(r, 2);
  RerankMerger merger(r, *batches);
  EXPECT_EQ(merger.add(0, {1.0}).error().code, "UnexpectedContainerReply");
  EXPECT_EQ(merger.add(5, {1.0}).error().code, "BadBatchIndex");
  ASSERT_TRUE(merger.add(0, {1.0, 2.0}));
  EXPECT_EQ(merger.finish().error().code, "MissingBatch");
}

TEST(RerankFormat, Names) {
  EXPECT_EQ(parse_rerank_format("qwen3"), RerankFormat::qwen3);
  EXPECT_FALSE(parse_rerank_format("jina"));
}

}  // namespace
}  // namespace smp::models
