#include "models/rerank/rerank_batches.hpp"

#include <algorithm>
#include <cmath>

namespace smp::models {

Result<std::vector<RerankBatch>> plan_rerank_batches(const RerankRequest& request,
                                                     std::size_t max_batch) {
  if (request.documents.empty()) {
    return fail(ErrorKind::invalid_argument, "EmptyInput",
                "a rerank request needs at least one document");
  }
  if (request.query.empty()) {
    return fail(ErrorKind::invalid_argument, "EmptyInput", "a rerank request needs a query");
  }
  std::vector<RerankBatch> batches;
  for (const auto& range : plan_ranges(request.documents.size(), max_batch)) {
    RerankBatch batch;
    batch.offset = range.offset;
    batch.request.model = request.model;
    batch.request.query = request.query;
    const auto first = request.documents.begin() + static_cast<std::ptrdiff_t>(range.offset);
    batch.request.documents.assign(first, first + static_cast<std::ptrdiff_t>(range.count));
    batches.push_back(std::move(batch));
  }
  return batches;
}

double sigmoid(double x) {
  if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1.0 + e);
}

RerankResult rank(const RerankRequest& request, const std::vector<std::optional<double>>& scores) {
  RerankResult result;
  std::size_t unscored = 0;
  result.results.reserve(scores.size());
  for (std::size_t i = 0; i < scores.size() && i < request.documents.size(); ++i) {
    if (!scores[i] || std::isnan(*scores[i])) {
      ++unscored;
      continue;
    }
    const double score = request.sigmoid ? sigmoid(*scores[i]) : *scores[i];
    result.results.push_back({i, score, {}});
  }
  if (unscored > 0) {
    result.warnings.push_back("the container did not score " + std::to_string(unscored) + " of " +
                              std::to_string(request.documents.size()) + " documents");
  }
  std::stable_sort(result.results.begin(), result.results.end(),
                   [](const RerankHit& a, const RerankHit& b) { return a.score > b.score; });
  if (request.score_threshold) {
    const double threshold = *request.score_threshold;
    std::erase_if(result.results, [&](const RerankHit& hit) { return hit.score < threshold; });
  }
  if (request.top_n > 0 && result.results.size() > static_cast<std::size_t>(request.top_n)) {
    result.results.resize(static_cast<std::size_t>(request.top_n));
  }
  for (auto& hit : result.results)
    hit.document = request.documents[hit.index];
  return result;
}

RerankMerger::RerankMerger(const RerankRequest& request, const std::vector<RerankBatch>& batches)
    : request_(request), received_(batches.size(), false), scores_(request.documents.size()) {
  ranges_.reserve(batches.size());
  for (const auto& batch : batches)
    ranges_.push_back({batch.offset, batch.request.documents.size()});
}

Result<void> RerankMerger::add(std::size_t batch_index,
                               const std::vector<std::optional<double>>& scores) {
  if (batch_index >= ranges_.size() || received_[batch_index]) {
    return fail(ErrorKind::internal, "BadBatchIndex",
                "rerank batch " + std::to_string(batch_index) + " is unknown or already merged");
  }
  const IndexRange& range = ranges_[batch_index];
  if (scores.size() != range.count) {
    return fail(ErrorKind::protocol, "UnexpectedContainerReply",
                "rerank batch " + std::to_string(batch_index) + ": expected " +
                    std::to_string(range.count) + " scores, got " + std::to_string(scores.size()));
  }
  // Batch positions map back to the original indices by the batch offset.
  std::copy(scores.begin(), scores.end(),
            scores_.begin() + static_cast<std::ptrdiff_t>(range.offset));
  received_[batch_index] = true;
  return {};
}

Result<RerankResult> RerankMerger::finish() const {
  for (std::size_t i = 0; i < received_.size(); ++i) {
    if (!received_[i]) {
      return fail(ErrorKind::internal, "MissingBatch",
                  "rerank batch " + std::to_string(i) + " has no reply");
    }
  }
  return rank(request_, scores_);
}

}  // namespace smp::models
