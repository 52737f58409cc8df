#pragma once
// Batching for embeddings: one EmbeddingRequest → batches of at most M texts (after the
// character truncation, which warns), and the batch replies merged back in input order with
// usage summed. The provider sends the batches with its own concurrency bound and hands each
// reply to the merger as it arrives, in any order.
#include <cstddef>
#include <optional>
#include <vector>

#include "base/error.hpp"
#include "models/batch_plan.hpp"
#include "models/embedding/embedding_types.hpp"

namespace smp::models {

struct EmbeddingBatch {
  std::size_t offset = 0;    // index of the batch's first text in the original request
  EmbeddingRequest request;  // the batch's texts, with the original's other settings
};

struct EmbeddingPlan {
  std::vector<EmbeddingBatch> batches;
  std::size_t total_texts = 0;
  std::vector<std::string> warnings;  // one per truncated text
};

// An empty text list is an invalid_argument error.
Result<EmbeddingPlan> plan_embedding_batches(const EmbeddingRequest& request,
                                             std::size_t max_batch = kDefaultBatchSize);

// `text` cut to at most `max_chars` UTF-8 characters (never inside a character).
std::string_view truncate_characters(std::string_view text, std::size_t max_chars);

class EmbeddingMerger {
 public:
  explicit EmbeddingMerger(const EmbeddingPlan& plan);

  // The reply to batch `batch_index`; any order, each once. A reply with the wrong number of
  // vectors, or a vector size that differs from other batches, is an error.
  Result<void> add(std::size_t batch_index, EmbeddingResult reply);
  // All vectors in input order; an error if a batch is missing.
  Result<EmbeddingResult> finish();

 private:
  std::vector<IndexRange> ranges_;
  std::vector<std::optional<EmbeddingResult>> replies_;
  std::vector<std::string> warnings_;
};

}  // namespace smp::models
