#pragma once
// The emulator's "neural" text models: real, deterministic computations whose results behave the
// way users expect of embeddings and rerankers, without weights.
//
// - Embeddings are hashed bags of words: each lowercased word term adds ±1 to one of `dims`
//   buckets (FNV-1a picks the bucket and the sign), then the vector is L2-normalised. Identical
//   texts have cosine 1; texts sharing words have a higher cosine than disjoint texts.
// - Relevance is lexical: how many distinct query terms the document contains, blended with the
//   cosine of their term-frequency vectors. 0 for no overlap, 1 for the same bag of words.
#include <cstddef>
#include <string_view>
#include <vector>

namespace smp::emulator {

std::vector<float> hashed_embedding(std::string_view text, std::size_t dims, bool normalize = true);

double cosine_similarity(const std::vector<float>& a, const std::vector<float>& b);

// In [0, 1].
double lexical_relevance(std::string_view query, std::string_view document);

// A cross-encoder-like raw logit in [-4, 4] (relevance 0 → -4, 1 → 4): what FlagReranker and
// TEI's raw_scores return; sigmoid() of it is the probability Qwen3-Reranker and TEI return.
double relevance_logit(std::string_view query, std::string_view document);

double sigmoid(double x);

}  // namespace smp::emulator
