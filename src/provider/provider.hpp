#pragma once
// The provider: chat, embeddings, rerank and validation over SageMaker endpoints for any front
// door (Dify runtime, OpenAI gateway, CLI). Construct one per process; every method may be
// called concurrently from many coroutines on the http::Client's executor. Per-request state
// lives in the call's coroutine frame; shared state is the connection cache and the endpoint
// memory (both thread-safe, both only optimisations of what a config already says).
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/error.hpp"
#include "http/client.hpp"
#include "http/task.hpp"
#include "models/embedding/embedding_types.hpp"
#include "models/llm/chat_stream_assembler.hpp"
#include "models/llm/chat_types.hpp"
#include "models/rerank/rerank_types.hpp"
#include "provider/connection_cache.hpp"
#include "provider/endpoint_memory.hpp"
#include "provider/model_config.hpp"
#include "sagemaker/connection.hpp"

namespace smp::provider {

// Receives each shaped chunk as it arrives. Returning an error stops the upstream stream (the
// client went away); chat() then returns that error.
using ChunkSink = std::function<http::Task<Result<void>>(const models::ChatChunk&)>;

struct ChatCall {
  // The neutral request. `model` empty → config.model_id; `max_tokens` unset → the
  // container's default (lmi/tgi: the config's max_tokens); `stream` is decided by the
  // provider (see chat()).
  models::ChatRequest request;
  // OpenAI gateway: separate `reasoning`; Dify: one <think> block in the content.
  models::ReasoningOutput reasoning = models::ReasoningOutput::separate;
  // Identifies the call: tool-call ids are "call_<request_id>_<n>" when the container sends
  // none, and with enable_request_metadata it travels as the InferenceId header. Keep it short
  // and [A-Za-z0-9-] (a random id per call; "" → one is generated).
  std::string request_id;
};

struct EmbedCall {
  std::vector<std::string> texts;
  models::InputType input_type = models::InputType::document;
  std::optional<int> dimensions;
  std::optional<bool> normalize;
  std::size_t truncate_chars = 0;  // 0 = no truncation
};

struct RerankCall {
  std::string query;
  std::vector<std::string> documents;
  std::int64_t top_n = 0;                 // ≤ 0: all
  std::optional<double> score_threshold;  // keep scores ≥ threshold
};

struct ProviderOptions {
  std::size_t batch_concurrency = 4;     // embedding/rerank batches in flight per call
  std::size_t connection_capacity = 64;  // cached AWS identities
};

class Provider {
 public:
  Provider(http::Client& http, sagemaker::ConnectionContext context, ProviderOptions options = {});
  ~Provider();
  Provider(const Provider&) = delete;
  Provider& operator=(const Provider&) = delete;

  // Chat. The request goes to SageMaker as a response stream whenever the container takes one
  // (no 60-second synchronous limit), whether or not `sink` is set; a container that refuses
  // streaming is asked synchronously (and remembered). With a sink, every shaped chunk is
  // pushed as it arrives and the last one carries finish_reason and usage; the result is the
  // whole answer either way. A `payload_format: auto` endpoint's detected format is remembered;
  // an `inputs`-only container rejecting the OpenAI body is retried once with the format its
  // error names (only before any chunk went out). Errors: invalid_argument (bad request),
  // the sagemaker layer's kinds, model (the container failed, also mid-stream), protocol.
  http::Task<Result<models::ChatResult>> chat(const ModelConfig& config, ChatCall call,
                                              ChunkSink sink = {});

  // Embeddings in input order. Batches of config.embedding.batch_size, at most
  // options.batch_concurrency in flight; usage summed over batches.
  http::Task<Result<models::EmbeddingResult>> embed(const ModelConfig& config, EmbedCall call);

  // Scores for every document (batches of ≤ 32 merged), sorted descending with the original
  // indices, threshold and top_n applied.
  http::Task<Result<models::RerankResult>> rerank(const ModelConfig& config, RerankCall call);

  // Real validation: describe the endpoint, then a minimal invocation for the model type (a
  // one-token chat, one embedding, one rerank pair). On failure the error's message is the
  // diagnosis ("Access Denied: … Fix: …"), never a secret. tts/speech2text: describe only.
  http::Task<Result<void>> validate(const ModelConfig& config);

  ConnectionCache& connections() { return connections_; }
  EndpointMemory& memory() { return memory_; }

 private:
  http::Task<Result<models::ChatResult>> chat_once(sagemaker::Connection& connection,
                                                   const ModelConfig& config, ChatCall& call,
                                                   models::ChatFormat format, bool stream,
                                                   const ChunkSink& sink, bool& chunks_sent);
  http::Task<Result<std::string>> invoke_json(sagemaker::Connection& connection,
                                              const ModelConfig& config, std::string body);

  http::Client& http_;
  ProviderOptions options_;
  ConnectionCache connections_;
  EndpointMemory memory_;
};

// The request fields every invocation of `config` carries (endpoint, inference component,
// custom attributes, target variant).
sagemaker::InvokeRequest base_invoke_request(const ModelConfig& config);

}  // namespace smp::provider
