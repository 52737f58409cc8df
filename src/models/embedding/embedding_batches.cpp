#include "models/embedding/embedding_batches.hpp"

namespace smp::models {

std::string_view truncate_characters(std::string_view text, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // continuation byte
    if (chars == max_chars) return text.substr(0, i);
    ++chars;
  }
  return text;
}

Result<EmbeddingPlan> plan_embedding_batches(const EmbeddingRequest& request,
                                             std::size_t max_batch) {
  if (request.texts.empty()) {
    return fail(ErrorKind::invalid_argument, "EmptyInput",
                "an embedding request needs at least one text");
  }
  EmbeddingPlan plan;
  plan.total_texts = request.texts.size();
  for (const auto& range : plan_ranges(request.texts.size(), max_batch)) {
    EmbeddingBatch batch;
    batch.offset = range.offset;
    batch.request.model = request.model;
    batch.request.input_type = request.input_type;
    batch.request.dimensions = request.dimensions;
    batch.request.normalize = request.normalize;
    batch.request.texts.reserve(range.count);
    for (std::size_t i = range.offset; i < range.offset + range.count; ++i) {
      std::string_view text = request.texts[i];
      if (request.truncate_chars > 0) {
        const std::string_view cut = truncate_characters(text, request.truncate_chars);
        if (cut.size() != text.size()) {
          plan.warnings.push_back("text " + std::to_string(i) + " was truncated to " +
                                  std::to_string(request.truncate_chars) + " characters");
          text = cut;
        }
      }
      batch.request.texts.emplace_back(text);
    }
    plan.batches.push_back(std::move(batch));
  }
  return plan;
}

EmbeddingMerger::EmbeddingMerger(const EmbeddingPlan& plan)
    : replies_(plan.batches.size()), warnings_(plan.warnings) {
  ranges_.reserve(plan.batches.size());
  for (const auto& batch : plan.batches) {
    ranges_.push_back({batch.offset, batch.request.texts.size()});
  }
}

Result<void> EmbeddingMerger::add(std::size_t batch_index, EmbeddingResult reply) {
  if (batch_index >= replies_.size() || replies_[batch_index]) {
    return fail(ErrorKind::internal, "BadBatchIndex",
                "embedding batch " + std::to_string(batch_index) + " is unknown or already merged");
  }
  if (reply.vectors.size() != ranges_[batch_index].count) {
    return fail(ErrorKind::protocol, "UnexpectedContainerReply",
                "embedding batch " + std::to_string(batch_index) + ": expected " +
                    std::to_string(ranges_[batch_index].count) + " vectors, got " +
                    std::to_string(reply.vectors.size()));
  }
  for (const auto& other : replies_) {
    if (other && !other->vectors.empty() && !reply.vectors.empty() &&
        other->vectors.front().size() != reply.vectors.front().size()) {
      return fail(ErrorKind::protocol, "UnexpectedContainerReply",
                  "embedding batches returned vectors of different sizes (" +
                      std::to_string(other->vectors.front().size()) + " and " +
                      std::to_string(reply.vectors.front().size()) + ")");
    }
  }
  replies_[batch_index] = std::move(reply);
  return {};
}

Result<EmbeddingResult> EmbeddingMerger::finish() {
  EmbeddingResult merged;
  merged.usage = Usage{0, 0, 0, false};
  merged.warnings = warnings_;
  std::size_t total = 0;
  for (const auto& range : ranges_)
    total += range.count;
  merged.vectors.reserve(total);
  for (std::size_t i = 0; i < replies_.size(); ++i) {
    if (!replies_[i]) {
      return fail(ErrorKind::internal, "MissingBatch",
                  "embedding batch " + std::to_string(i) + " has no reply");
    }
    EmbeddingResult& reply = *replies_[i];
    // Batches are planned in input order, so appending keeps the order.
    for (auto& vector : reply.vectors)
      merged.vectors.push_back(std::move(vector));
    merged.usage.prompt_tokens += reply.usage.prompt_tokens;
    merged.usage.total_tokens += reply.usage.total_tokens;
    merged.usage.estimated = merged.usage.estimated || reply.usage.estimated;
    for (auto& warning : reply.warnings)
      merged.warnings.push_back(std::move(warning));
  }
  replies_.clear();
  return merged;
}

}  // namespace smp::models
