// Provider::embed and Provider::rerank against the emulator's TEI, bge-m3, FlagReranker and
// Qwen3 containers: batching with concurrency and retries reordering completions, input order
// kept, query vs document, ranking, top_n, threshold.
#include <cmath>

#include "provider/provider_fixture.hpp"

namespace smp::provider::testing {
namespace {

// `flaky-embed` throttles about a third of the calls: with retries and backoff the batches of
// one call complete out of order.
constexpr const char* kConfig = R"(
endpoints:
  - name: demo-embed
    backend: {container: tei, task: embed}
  - name: flaky-embed
    backend: {container: tei, task: embed}
    faults: [{kind: throttling, rate: 0.3}]
  - name: bge
    container: bge-m3
  - name: demo-rerank
    backend: {container: tei, task: rerank}
  - name: flag
    container: flag-reranker
  - name: qwen3
    container: qwen3-reranker
  - name: vllm-native
    container: vllm
)";

class EmbedRerankTest : public ProviderTest {
 protected:
  void SetUp() override {
    env_.set("AWS_MAX_ATTEMPTS", "10");
    start(kConfig);
  }

  static std::vector<std::string> texts(int n) {
    std::vector<std::string> out;
    const char* words[] = {"cat", "dog", "river", "mountain", "violin", "engine", "garden"};
    for (int i = 0; i < n; ++i)
      out.push_back("text " + std::to_string(i) + " about " + words[i % 7] + " and " +
                    words[(i * 3 + 1) % 7]);
    return out;
  }
  static double cosine(const std::vector<float>& a, const std::vector<float>& b) {
    double dot = 0, na = 0, nb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / std::sqrt(na * nb);
  }
};

TEST_F(EmbedRerankTest, BatchesComeBackInInputOrder) {
  auto all = texts(75);
  auto s = settings("flaky-embed");
  s["embedding_batch_size"] = "8";
  auto batched =
      run(provider_->embed(config(ModelType::text_embedding, s), EmbedCall{.texts = all}));
  ASSERT_TRUE(batched) << batched.error().describe();
  ASSERT_EQ(batched->vectors.size(), all.size());
  EXPECT_GT(batched->usage.prompt_tokens, 75 * 4);
  // The oracle: each text embedded on its own, in one-text calls.
  auto single = config(ModelType::text_embedding, settings("demo-embed"));
  for (std::size_t i = 0; i < all.size(); i += 7) {
    auto one = run(provider_->embed(single, EmbedCall{.texts = {all[i]}}));
    ASSERT_TRUE(one) << one.error().describe();
    EXPECT_NEAR(cosine(one->vectors[0], batched->vectors[i]), 1.0, 1e-6) << i;
    if (i + 1 < all.size()) {
      EXPECT_LT(cosine(one->vectors[0], batched->vectors[i + 1]), 0.999) << i;
    }
  }
  std::size_t throttled = 0;
  for (const auto& e : log_when([](const auto& l) { return !l.empty(); }))
    throttled += e.fault == "throttling";
  EXPECT_GT(throttled, 0u);  // the retries really happened
}

TEST_F(EmbedRerankTest, QueriesGetTheInstruction) {
  auto c = config(ModelType::text_embedding, [&] {
    auto s = settings("bge");
    s["payload_format"] = "bge-m3";
    return s;
  }());
  auto doc = run(provider_->embed(c, EmbedCall{.texts = {"capital of France"}}));
  auto query = run(provider_->embed(
      c, EmbedCall{.texts = {"capital of France"}, .input_type = models::InputType::query}));
  ASSERT_TRUE(doc && query);
  EXPECT_LT(cosine(doc->vectors[0], query->vectors[0]), 0.999);
  EXPECT_GT(cosine(doc->vectors[0], query->vectors[0]), 0.1);
}

TEST_F(EmbedRerankTest, EmptyInputAndWrongFormatAreClearErrors) {
  auto c = config(ModelType::text_embedding, settings("demo-embed"));
  auto empty = run(provider_->embed(c, EmbedCall{}));
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().kind, ErrorKind::invalid_argument);
  auto s = settings("demo-embed");
  s["payload_format"] = "openai";  // TEI answers bare arrays, not data[]
  auto wrong =
      run(provider_->embed(config(ModelType::text_embedding, s), EmbedCall{.texts = {"a"}}));
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message.find("demo-embed"), std::string::npos) << wrong.error().message;
}

TEST_F(EmbedRerankTest, RerankSortedWithOriginalIndicesTopNAndThreshold) {
  const std::string query = "cat food";
  std::vector<std::string> docs;
  for (int i = 0; i < 40; ++i)
    docs.push_back("filler document number " + std::to_string(i));
  docs[5] = "cat food for kittens";
  docs[33] = "dry cat food";  // in the second batch
  docs[17] = "a cat sleeping";
  for (const char* endpoint : {"demo-rerank", "flag", "qwen3"}) {
    auto s = settings(endpoint);
    s["payload_format"] = std::string(endpoint) == "demo-rerank" ? "tei" : endpoint;
    auto c = config(ModelType::rerank, s);
    auto all = run(provider_->rerank(c, RerankCall{.query = query, .documents = docs}));
    ASSERT_TRUE(all) << endpoint << ": " << all.error().describe();
    ASSERT_EQ(all->results.size(), docs.size()) << endpoint;
    for (std::size_t i = 1; i < all->results.size(); ++i)
      EXPECT_GE(all->results[i - 1].score, all->results[i].score) << endpoint;
    std::set<std::size_t> top2{all->results[0].index, all->results[1].index};
    EXPECT_EQ(top2, (std::set<std::size_t>{5, 33})) << endpoint;
    EXPECT_EQ(all->results[2].index, 17u) << endpoint;
    for (const auto& hit : all->results) {
      EXPECT_EQ(hit.document, docs[hit.index]);
      EXPECT_GE(hit.score, 0.0) << endpoint;  // flag's logits go through the sigmoid
      EXPECT_LE(hit.score, 1.0) << endpoint;
    }

    auto top = run(provider_->rerank(c, RerankCall{.query = query, .documents = docs, .top_n = 2}));
    ASSERT_TRUE(top);
    ASSERT_EQ(top->results.size(), 2u);
    EXPECT_EQ(top->results[0], all->results[0]);

    const double threshold = (all->results[2].score + all->results[3].score) / 2;
    auto above = run(provider_->rerank(
        c, RerankCall{.query = query, .documents = docs, .score_threshold = threshold}));
    ASSERT_TRUE(above);
    EXPECT_EQ(above->results.size(), 3u) << endpoint;
  }
}

// vLLM's native SageMaker router: OpenAI-shaped embeddings (`input` → data[]) and rerank
// (`query` + `documents` → results[]), with usage from the container.
TEST_F(EmbedRerankTest, OpenAiShapedEmbeddingsAndRerankOnVllm) {
  auto e = settings("vllm-native");
  e["payload_format"] = "openai";
  e["embedding_batch_size"] = "3";
  auto all = texts(7);
  auto vectors =
      run(provider_->embed(config(ModelType::text_embedding, e), EmbedCall{.texts = all}));
  ASSERT_TRUE(vectors) << vectors.error().describe();
  ASSERT_EQ(vectors->vectors.size(), 7u);
  EXPECT_FALSE(vectors->usage.estimated);
  auto tei = config(ModelType::text_embedding, settings("demo-embed"));
  auto one = run(provider_->embed(tei, EmbedCall{.texts = {all[4]}}));
  ASSERT_TRUE(one);
  // Same emulated model behind both: the same text gives the same direction.
  ASSERT_EQ(one->vectors[0].size(), vectors->vectors[4].size());
  EXPECT_NEAR(cosine(one->vectors[0], vectors->vectors[4]), 1.0, 1e-5);
  EXPECT_LT(cosine(vectors->vectors[3], vectors->vectors[4]), 0.999);

  auto r = settings("vllm-native");
  r["payload_format"] = "openai";
  auto ranked =
      run(provider_->rerank(config(ModelType::rerank, r),
                            RerankCall{.query = "cat food",
                                       .documents = {"dog toys", "cat food for kittens", "weather"},
                                       .top_n = 2}));
  ASSERT_TRUE(ranked) << ranked.error().describe();
  ASSERT_EQ(ranked->results.size(), 2u);
  EXPECT_EQ(ranked->results[0].index, 1u);
  EXPECT_EQ(ranked->results[0].document, "cat food for kittens");
}

TEST_F(EmbedRerankTest, RerankBadInput) {
  auto c = config(ModelType::rerank, settings("demo-rerank"));
  auto none = run(provider_->rerank(c, RerankCall{.query = "q"}));
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().kind, ErrorKind::invalid_argument);
  auto no_query = run(provider_->rerank(c, RerankCall{.documents = {"d"}}));
  ASSERT_FALSE(no_query);
  EXPECT_EQ(no_query.error().kind, ErrorKind::invalid_argument);
}

}  // namespace
}  // namespace smp::provider::testing
