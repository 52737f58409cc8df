// The emulator's tokenizer, embeddings and lexical relevance: the properties users rely on.
#include <gtest/gtest.h>

#include "emulator/containers/embedding.hpp"
#include "emulator/containers/text_tokens.hpp"

namespace smp::emulator {
namespace {

TEST(Tokenizer, TokensCarryTheirLeadingSpaceAndRebuildTheText) {
  const std::string text = "Hello, world!  你好世界 it's 42.";
  const auto tokens = tokenize(text);
  std::string joined;
  for (const auto& token : tokens)
    joined += token;
  EXPECT_EQ(joined, text);
  ASSERT_GE(tokens.size(), 4u);
  EXPECT_EQ(tokens[0], "Hello");
  EXPECT_EQ(tokens[1], ",");
  EXPECT_EQ(tokens[2], " world");
  EXPECT_EQ(count_tokens(text), tokens.size());
  EXPECT_EQ(count_tokens("你好"), 2u);
}

TEST(Tokenizer, InvalidUtf8NeverLoopsOrLosesBytes) {
  const std::string text = "ab\xff\xfe c\xe4\xbd";
  std::string joined;
  for (const auto& token : tokenize(text))
    joined += token;
  EXPECT_EQ(joined, text);
}

TEST(Tokenizer, WordTermsAreLowercasedWithoutPunctuation) {
  EXPECT_EQ(word_terms("The CAT, the hat."),
            (std::vector<std::string>{"the", "cat", "the", "hat"}));
}

TEST(Embedding, UnitLengthAndIdenticalTextsHaveCosineOne) {
  const auto a = hashed_embedding("The quick brown fox", 1024);
  const auto b = hashed_embedding("the QUICK brown fox!", 1024);
  double norm = 0;
  for (float v : a)
    norm += static_cast<double>(v) * v;
  EXPECT_NEAR(norm, 1.0, 1e-6);
  EXPECT_NEAR(cosine_similarity(a, b), 1.0, 1e-6);
}

TEST(Embedding, OverlapScoresAboveDisjoint) {
  const auto query = hashed_embedding("how do I reset my password", 1024);
  const auto related = hashed_embedding("reset your password from the login page", 1024);
  const auto unrelated = hashed_embedding("bananas are rich in potassium", 1024);
  EXPECT_GT(cosine_similarity(query, related), cosine_similarity(query, unrelated) + 0.2);
  EXPECT_EQ(hashed_embedding("", 8).size(), 8u);
}

TEST(Relevance, CoverageDrivesTheLogitAndSigmoidMakesAProbability) {
  EXPECT_DOUBLE_EQ(lexical_relevance("cats", "cats"), 1.0);
  EXPECT_DOUBLE_EQ(lexical_relevance("cats", "dogs"), 0.0);
  EXPECT_GT(relevance_logit("paris weather", "the weather in paris is mild"),
            relevance_logit("paris weather", "the weather in rome is mild"));
  EXPECT_DOUBLE_EQ(relevance_logit("a", "b"), -4.0);
  EXPECT_NEAR(sigmoid(0), 0.5, 1e-12);
}

}  // namespace
}  // namespace smp::emulator
