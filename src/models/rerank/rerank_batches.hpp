#pragma once
// Batching and ranking for rerank: documents split into batches of at most M (TEI takes 32),
// each batch's scores put back at the documents' original indices, then one ranking over all
// of them: optional sigmoid, sort by score descending (ties by index), score threshold, top_n.
#include <cstddef>
#include <optional>
#include <vector>

#include "base/error.hpp"
#include "models/batch_plan.hpp"
#include "models/rerank/rerank_types.hpp"

namespace smp::models {

struct RerankBatch {
  std::size_t offset = 0;  // index of the batch's first document in the original request
  RerankRequest request;   // the batch's documents, with the original query
};

// No documents or an empty query is an invalid_argument error.
Result<std::vector<RerankBatch>> plan_rerank_batches(const RerankRequest& request,
                                                     std::size_t max_batch = kDefaultBatchSize);

// The logistic function 1 / (1 + e^-x), without overflow for large |x|.
double sigmoid(double x);

// Ranks scored documents: `scores[i]` belongs to request.documents[i]; unscored documents
// (nullopt) are left out with a warning.
RerankResult rank(const RerankRequest& request, const std::vector<std::optional<double>>& scores);

class RerankMerger {
 public:
  RerankMerger(const RerankRequest& request, const std::vector<RerankBatch>& batches);

  // Scores of batch `batch_index` (positions within the batch); any order, each once.
  Result<void> add(std::size_t batch_index, const std::vector<std::optional<double>>& scores);
  // The ranking over every document; an error if a batch is missing.
  Result<RerankResult> finish() const;

 private:
  RerankRequest request_;
  std::vector<IndexRange> ranges_;
  std::vector<bool> received_;
  std::vector<std::optional<double>> scores_;
};

}  // namespace smp::models
