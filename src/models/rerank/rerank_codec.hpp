#pragma once
// Rerank wire formats (user-needs.md §2.2, §2.5, §2.7, §2.8, §2.12):
//
//   tei      {"query":q,"texts":[…],"truncate":true,"raw_scores"?}  → [{"index":i,"score":s},…]
//   flag     {"inputs":[q,q,…],"docs":[d1,d2,…]}   (FlagReranker: the query repeated per document)
//                                     → {"scores":[logit,…]}, or {"scores":logit} for one pair
//   qwen3    the flag request         → {"scores":[p,…],"ranked_results":[{query,document,score}]}
//   openai   {"model"?,"query":q,"documents":[…],"top_n":n}
//                                     → {"results":[{"index":i,"relevance_score":s},…]}
//   cohere   {"query":q,"documents":[…],"top_n":n}  → the same results shape
//
// A reply is read into one score per document of its batch (positions, or indices mapped back);
// ranking (sigmoid, sort, threshold, top_n) happens once over all batches (rerank_batches.hpp).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "models/rerank/rerank_types.hpp"

namespace smp::models {

enum class RerankFormat { tei, flag, qwen3, openai, cohere };

std::string_view to_string(RerankFormat format);
// "tei", "flag", "qwen3", "openai", "cohere".
Result<RerankFormat> parse_rerank_format(std::string_view name);

struct RerankCodecOptions {
  bool container_truncate = true;  // tei: cut over-long documents instead of failing (413)
  bool raw_scores = false;         // tei: ask for logits instead of TEI's sigmoid scores
};

// The body for the documents of `request` (one batch). No documents, or an empty query, is an
// invalid_argument error. openai/cohere ask for every document back (top_n = batch size)
// because the final top_n applies across all batches.
Result<std::string> build_rerank_request(RerankFormat format, const RerankRequest& request,
                                         const RerankCodecOptions& options = {});

// One score per document of the batch, in document order. A document the container did not
// score is nullopt (the merger reports it); a malformed reply is an error naming the format.
Result<std::vector<std::optional<double>>> parse_rerank_response(RerankFormat format,
                                                                 std::string_view body,
                                                                 const RerankRequest& request);

}  // namespace smp::models
