#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>

#include "models/embedding/embedding_batches.hpp"
#include "models/embedding/embedding_codec.hpp"

namespace smp::models {
namespace {

EmbeddingRequest request(std::vector<std::string> texts, InputType type = InputType::document) {
  EmbeddingRequest r;
  r.texts = std::move(texts);
  r.input_type = type;
  return r;
}

std::string build(EmbeddingFormat format, const EmbeddingRequest& r,
                  const EmbeddingCodecOptions& options = {}) {
  auto body = build_embedding_request(format, r, options);
  EXPECT_TRUE(body) << body.error().message;
  return body ? *body : std::string();
}

TEST(EmbeddingRequestBody, EveryFormatExactBytes) {
  const auto docs = request({"a", "b"});
  EXPECT_EQ(build(EmbeddingFormat::tei, docs), R"({"inputs":["a","b"],"truncate":true})");
  EXPECT_EQ(build(EmbeddingFormat::bge_m3, docs),
            R"({"inputs":["a","b"],"is_query":false,"instruction":""})");
  EXPECT_EQ(build(EmbeddingFormat::openai, docs),
            R"({"input":["a","b"],"encoding_format":"float"})");
  EXPECT_EQ(build(EmbeddingFormat::jumpstart, docs), R"({"text_inputs":["a","b"]})");
  EXPECT_EQ(build(EmbeddingFormat::cohere, docs),
            R"({"texts":["a","b"],"input_type":"search_document","truncate":"END"})");
}

TEST(EmbeddingRequestBody, QueriesAreMarkedAsQueries) {
  const auto query = request({"what is rust"}, InputType::query);
  EXPECT_EQ(build(EmbeddingFormat::bge_m3, query),
            R"({"inputs":["what is rust"],"is_query":true,)"
            R"("instruction":"Represent this sentence for searching relevant passages:"})");
  EXPECT_EQ(build(EmbeddingFormat::cohere, query),
            R"({"texts":["what is rust"],"input_type":"search_query","truncate":"END"})");
  // No instruction configured: a prefix-only format sends the query as is.
  EXPECT_EQ(build(EmbeddingFormat::tei, query), R"({"inputs":["what is rust"],"truncate":true})");
  EmbeddingCodecOptions e5;
  e5.query_instruction = "query:";
  EXPECT_EQ(build(EmbeddingFormat::tei, query, e5),
            R"({"inputs":["query: what is rust"],"truncate":true})");
  EXPECT_EQ(build(EmbeddingFormat::jumpstart, query, e5),
            R"({"text_inputs":["query: what is rust"]})");
  EmbeddingCodecOptions none;
  none.query_instruction = "";
  EXPECT_EQ(build(EmbeddingFormat::bge_m3, query, none),
            R"({"inputs":["what is rust"],"is_query":true,"instruction":""})");
  // Documents never get the prefix.
  EXPECT_EQ(build(EmbeddingFormat::tei, request({"doc"}), e5),
            R"({"inputs":["doc"],"truncate":true})");
}

TEST(EmbeddingRequestBody, ModelDimensionsNormalise) {
  auto r = request({"x"});
  r.model = "BAAI/bge-m3";
  r.dimensions = 256;
  r.normalize = false;
  EXPECT_EQ(build(EmbeddingFormat::openai, r),
            R"({"input":["x"],"model":"BAAI/bge-m3","dimensions":256,"encoding_format":"float"})");
  EmbeddingCodecOptions no_truncate;
  no_truncate.container_truncate = false;
  EXPECT_EQ(build(EmbeddingFormat::tei, r, no_truncate),
            R"({"inputs":["x"],"truncate":false,"normalize":false,"dimensions":256})");
  auto empty = build_embedding_request(EmbeddingFormat::tei, request({}));
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().kind, ErrorKind::invalid_argument);
}

TEST(EmbeddingResponse, EveryFormatInInputOrder) {
  const auto two = request({"a", "b"});
  const std::vector<std::vector<float>> expected{{0.5f, -1.0f}, {0.25f, 2.0f}};
  struct Case {
    EmbeddingFormat format;
    std::string body;
  };
  const std::vector<Case> cases{
      {EmbeddingFormat::tei, "[[0.5,-1],[0.25,2.0]]"},
      {EmbeddingFormat::bge_m3, R"({"embeddings":[[0.5,-1],[0.25,2]]})"},
      // data[] out of order: the index decides.
      {EmbeddingFormat::openai,
       R"({"object":"list","data":[{"object":"embedding","index":1,"embedding":[0.25,2]},)"
       R"({"object":"embedding","index":0,"embedding":[0.5,-1]}],"model":"m",)"
       R"("usage":{"prompt_tokens":7,"total_tokens":7}})"},
      {EmbeddingFormat::jumpstart, R"({"embedding":[[0.5,-1],[0.25,2]]})"},
      {EmbeddingFormat::cohere,
       R"({"id":"x","embeddings":[[0.5,-1],[0.25,2]],"texts":["a","b"],"response_type":"embeddings_floats",)"
       R"("meta":{"billed_units":{"input_tokens":3}}})"},
      {EmbeddingFormat::cohere, R"({"embeddings":{"float":[[0.5,-1],[0.25,2]]}})"},
  };
  for (const auto& c : cases) {
    auto result = parse_embedding_response(c.format, c.body, two);
    ASSERT_TRUE(result) << to_string(c.format) << ": " << result.error().message;
    EXPECT_EQ(result->vectors, expected) << to_string(c.format);
  }
  EXPECT_EQ(parse_embedding_response(EmbeddingFormat::openai, cases[2].body, two)->usage,
            (Usage{7, 0, 7, false}));
  EXPECT_EQ(parse_embedding_response(EmbeddingFormat::cohere, cases[4].body, two)->usage,
            (Usage{3, 0, 3, false}));
  const auto tei = parse_embedding_response(EmbeddingFormat::tei, cases[0].body, two);
  EXPECT_TRUE(tei->usage.estimated);
  EXPECT_EQ(tei->usage.prompt_tokens, 2);
}

TEST(EmbeddingResponse, SingleFlatVectorForOneText) {
  auto one = parse_embedding_response(EmbeddingFormat::jumpstart, R"({"embedding":[1,2,3]})",
                                      request({"a"}));
  ASSERT_TRUE(one);
  EXPECT_EQ(one->vectors, (std::vector<std::vector<float>>{{1, 2, 3}}));
}

TEST(EmbeddingResponse, NormaliseAndDimensionsWarnings) {
  auto r = request({"a"});
  r.normalize = true;
  r.dimensions = 4;
  auto result = parse_embedding_response(EmbeddingFormat::bge_m3, R"({"embeddings":[[3,4]]})", r);
  ASSERT_TRUE(result);
  EXPECT_FLOAT_EQ(result->vectors[0][0], 0.6f);
  EXPECT_FLOAT_EQ(result->vectors[0][1], 0.8f);
  ASSERT_EQ(result->warnings.size(), 1u);
  EXPECT_EQ(result->warnings[0],
            "the bge-m3 format cannot ask for dimensions; the container returned 2");
  auto tei = parse_embedding_response(EmbeddingFormat::tei, "[[3,4]]", r);
  EXPECT_EQ(tei->vectors[0], (std::vector<float>{3, 4}));  // tei normalises itself
  EXPECT_EQ(tei->warnings[0], "asked for 4 dimensions, the container returned 2");
}

TEST(EmbeddingResponse, ReplyThatDoesNotMatchItsFormat) {
  const auto two = request({"a", "b"});
  auto wrong = parse_embedding_response(EmbeddingFormat::tei, R"({"embeddings":[[1],[2]]})", two);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind, ErrorKind::protocol);
  EXPECT_EQ(wrong.error().message,
            "tei embedding: expected a JSON array of vectors ([[float, …], …]), got an object with "
            "keys [embeddings]");
  auto count = parse_embedding_response(EmbeddingFormat::tei, "[[1,2]]", two);
  EXPECT_EQ(count.error().message, "tei embedding: expected 2 vectors (one per input), got 1");
  auto sizes = parse_embedding_response(EmbeddingFormat::tei, "[[1,2],[1]]", two);
  EXPECT_NE(sizes.error().message.find("differ in size"), std::string::npos);
  auto text = parse_embedding_response(EmbeddingFormat::tei, R"([[1,"x"],[1,2]])", two);
  EXPECT_EQ(text.error().message, "tei embedding: expected numbers in vector 0, got a string");
  auto index = parse_embedding_response(
      EmbeddingFormat::openai,
      R"({"data":[{"index":0,"embedding":[1]},{"index":0,"embedding":[2]}]})", two);
  EXPECT_NE(index.error().message.find("repeated"), std::string::npos);
  auto error = parse_embedding_response(
      EmbeddingFormat::tei,
      R"({"error":"batch size 100 > maximum allowed batch size 32","error_type":"Validation"})",
      two);
  EXPECT_EQ(error.error().kind, ErrorKind::model);
  EXPECT_NE(error.error().message.find("maximum allowed batch size 32"), std::string::npos);
}

TEST(EmbeddingBatches, PlansEvenBatches) {
  auto sizes = [](std::size_t total, std::size_t max) {
    std::vector<std::size_t> out;
    for (const auto& r : plan_ranges(total, max))
      out.push_back(r.count);
    return out;
  };
  EXPECT_EQ(sizes(0, 32), std::vector<std::size_t>{});
  EXPECT_EQ(sizes(1, 32), std::vector<std::size_t>{1});
  EXPECT_EQ(sizes(32, 32), std::vector<std::size_t>{32});
  EXPECT_EQ(sizes(33, 32), (std::vector<std::size_t>{17, 16}));
  EXPECT_EQ(sizes(20, 7), (std::vector<std::size_t>{7, 7, 6}));
  EXPECT_EQ(sizes(3, 0), (std::vector<std::size_t>{1, 1, 1}));
  std::size_t next = 0;
  for (const auto& r : plan_ranges(1001, 32)) {
    EXPECT_EQ(r.offset, next);
    EXPECT_LE(r.count, 32u);
    next += r.count;
  }
  EXPECT_EQ(next, 1001u);
}

TEST(EmbeddingBatches, MergedInInputOrderWhateverTheArrivalOrder) {
  EmbeddingRequest r;
  for (int i = 0; i < 75; ++i)
    r.texts.push_back("text " + std::to_string(i));
  auto plan = plan_embedding_batches(r, 16);
  ASSERT_TRUE(plan);
  ASSERT_EQ(plan->batches.size(), 5u);
  EmbeddingMerger merger(*plan);
  // Reply to each batch with vectors that encode the original index, in reverse order.
  for (std::size_t b = plan->batches.size(); b-- > 0;) {
    const auto& batch = plan->batches[b];
    EmbeddingResult reply;
    for (std::size_t i = 0; i < batch.request.texts.size(); ++i) {
      EXPECT_EQ(batch.request.texts[i], "text " + std::to_string(batch.offset + i));
      reply.vectors.push_back({static_cast<float>(batch.offset + i), 1.0f});
    }
    reply.usage = Usage{2, 0, 2, b == 0};
    ASSERT_TRUE(merger.add(b, std::move(reply)));
  }
  auto merged = merger.finish();
  ASSERT_TRUE(merged);
  ASSERT_EQ(merged->vectors.size(), 75u);
  for (std::size_t i = 0; i < 75; ++i)
    EXPECT_EQ(merged->vectors[i][0], static_cast<float>(i));
  EXPECT_EQ(merged->usage, (Usage{10, 0, 10, true}));
}

TEST(EmbeddingBatches, MergerRejectsWrongCountsAndMissingBatches) {
  auto plan = plan_embedding_batches(request({"a", "b", "c"}), 2);
  EmbeddingMerger merger(*plan);
  EmbeddingResult short_reply;
  short_reply.vectors = {{1}};
  EXPECT_EQ(merger.add(0, short_reply).error().code, "UnexpectedContainerReply");
  EmbeddingResult ok;
  ok.vectors = {{1}, {2}};
  ASSERT_TRUE(merger.add(0, ok));
  EXPECT_EQ(merger.add(0, ok).error().code, "BadBatchIndex");
  EmbeddingResult wider;
  wider.vectors = {{1, 2}};
  EXPECT_EQ(merger.add(1, wider).error().code, "UnexpectedContainerReply");
  EXPECT_EQ(merger.finish().error().code, "MissingBatch");
}

TEST(EmbeddingBatches, TruncationByCharactersWarns) {
  EXPECT_EQ(truncate_characters("héllo wörld", 4), "héll");
  EXPECT_EQ(truncate_characters("你好世界", 2), "你好");
  EXPECT_EQ(truncate_characters("abc", 5), "abc");
  EXPECT_EQ(truncate_characters("😀x", 1), "😀");
  auto r = request({"short", "a much longer text"});
  r.truncate_chars = 6;
  auto plan = plan_embedding_batches(r);
  ASSERT_TRUE(plan);
  EXPECT_EQ(plan->batches[0].request.texts, (std::vector<std::string>{"short", "a much"}));
  ASSERT_EQ(plan->warnings.size(), 1u);
  EXPECT_EQ(plan->warnings[0], "text 1 was truncated to 6 characters");
  EmbeddingMerger merger(*plan);
  EmbeddingResult reply;
  reply.vectors = {{1}, {2}};
  reply.usage = Usage{1, 0, 1, false};
  ASSERT_TRUE(merger.add(0, reply));
  EXPECT_EQ(merger.finish()->warnings, plan->warnings);
}

TEST(EmbeddingFormat, Names) {
  EXPECT_EQ(parse_embedding_format("bge-m3"), EmbeddingFormat::bge_m3);
  EXPECT_EQ(parse_embedding_format("bge_m3"), EmbeddingFormat::bge_m3);
  auto unknown = parse_embedding_format("voyage");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message.find("tei, bge-m3, openai, jumpstart or cohere"),
            std::string::npos);
}

}  // namespace
}  // namespace smp::models
