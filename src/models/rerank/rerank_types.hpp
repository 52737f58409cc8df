#pragma once
// Neutral rerank types. Results are always sorted by score, highest first, with the original
// document indices, and honour top_n and score_threshold: the Python plugin discarded its sort
// and ignored top_n (user-needs.md H1).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smp::models {

struct RerankRequest {
  std::string model;  // openai format: the model id ("" = left out)
  std::string query;
  std::vector<std::string> documents;
  std::int64_t top_n = 0;                 // ≤ 0: no limit
  std::optional<double> score_threshold;  // keep scores ≥ threshold (after the sigmoid)
  bool sigmoid = false;  // map raw logits to 0..1 (for containers that return logits: flag)
};

struct RerankHit {
  std::size_t index = 0;  // position in RerankRequest::documents
  double score = 0;
  std::string document;
  bool operator==(const RerankHit&) const = default;
};

struct RerankResult {
  std::vector<RerankHit> results;  // score descending; equal scores by index
  std::vector<std::string> warnings;
};

}  // namespace smp::models
