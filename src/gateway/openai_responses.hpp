#pragma once
// Response bodies in OpenAI's shapes, from the neutral results: chat.completion,
// chat.completion.chunk (streamed, with the tool-call rules clients depend on), text_completion,
// embeddings (float or base64), rerank (Cohere/Jina), the model list.
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "models/embedding/embedding_types.hpp"
#include "models/llm/chat_types.hpp"
#include "models/rerank/rerank_types.hpp"

namespace smp::gateway {

struct ResponseIdentity {
  std::string id;            // "chatcmpl-…"
  std::int64_t created = 0;  // unix seconds
  std::string model;         // the gateway model name the client asked for
};

std::string render_chat_completion(const ResponseIdentity& identity,
                                   const models::ChatResult& result);
std::string render_text_completion(const ResponseIdentity& identity,
                                   const models::ChatResult& result);

// Streams neutral chunks as chat.completion.chunk (or text_completion) JSON, one SSE data
// payload per call. The rules (openai-python PR #3246, user-needs.md §3): the first chunk's
// delta carries role "assistant"; every tool-call delta carries its index; the id, type and
// function name appear once, in the first delta of that index; later deltas only carry
// argument fragments. With include_usage every chunk has "usage": null and one last chunk with
// "choices": [] carries the usage.
class ChunkRenderer {
 public:
  ChunkRenderer(ResponseIdentity identity, bool include_usage, bool text_completion = false);

  // The data of the event for `chunk`, or nullopt when it carries nothing a client sees.
  std::optional<std::string> render(const models::ChatChunk& chunk);
  // The final usage chunk (call once at the end when include_usage).
  std::string render_usage(const models::Usage& usage) const;
  bool include_usage() const { return include_usage_; }

 private:
  ResponseIdentity identity_;
  bool include_usage_;
  bool text_completion_;
  bool role_sent_ = false;
  std::set<int> started_calls_;
};

std::string render_embeddings(std::string_view model, const models::EmbeddingResult& result,
                              bool base64);

std::string render_rerank(std::string_view id, std::string_view model,
                          const models::RerankResult& result,
                          const std::vector<std::string>& documents, bool return_documents);

struct ModelListing {
  std::string id;
  std::string type;  // the configured type (llm, text-embedding, ...)
};
std::string render_model_list(const std::vector<ModelListing>& models, std::int64_t created);
std::string render_model(const ModelListing& model, std::int64_t created);

// JSON usage object {"prompt_tokens","completion_tokens","total_tokens"}.
std::string render_usage_object(const models::Usage& usage);

}  // namespace smp::gateway
