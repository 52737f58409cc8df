#pragma once
// Text-embedding wire formats (user-needs.md §2.2, §2.5, §2.6, §2.12):
//
//   tei        {"inputs":[…],"truncate":true,"normalize"?,"dimensions"?}  → [[f, …], …]
//   bge-m3     {"inputs":[…],"is_query":b,"instruction":"…"}           → {"embeddings":[[…]]}
//   openai     {"input":[…],"model"?,"dimensions"?,"encoding_format":"float"}
//                                                   →
//                                                   {"data":[{"index":i,"embedding":[…]}],"usage"}
//   jumpstart  {"text_inputs":[…]}                                     → {"embedding":[[…]]}
//   cohere     {"texts":[…],"input_type":"search_query"|"search_document","truncate":"END"}
//                                                   → {"embeddings":[[…]]} or
//                                                   {"embeddings":{"float":[[…]]}}
//
// Queries: bge-m3 gets is_query and its instruction, cohere its input_type, the others the query
// instruction as a prefix of each text (only when one is configured: a prefix the model was not
// trained with hurts more than it helps).
#include <optional>
#include <string>
#include <string_view>

#include "base/error.hpp"
#include "models/embedding/embedding_types.hpp"

namespace smp::models {

enum class EmbeddingFormat { tei, bge_m3, openai, jumpstart, cohere };

std::string_view to_string(EmbeddingFormat format);
// "tei", "bge-m3" (or "bge_m3"), "openai", "jumpstart", "cohere".
Result<EmbeddingFormat> parse_embedding_format(std::string_view name);

// bge-m3's default instruction (the Dify deployment notebook's handler, user-needs.md §2.6).
inline constexpr std::string_view kBgeQueryInstruction =
    "Represent this sentence for searching relevant passages:";

struct EmbeddingCodecOptions {
  // nullopt: the format's default (bge-m3: kBgeQueryInstruction; others: none). "" disables.
  // As a prefix, a space is added unless the instruction ends in whitespace.
  std::optional<std::string> query_instruction;
  // Let the container cut over-long inputs instead of failing (tei truncate, cohere END).
  bool container_truncate = true;
};

// The body for `request.texts` (apply truncation and batching first: see embedding_batches.hpp).
// An empty text list is an invalid_argument error.
Result<std::string> build_embedding_request(EmbeddingFormat format, const EmbeddingRequest& request,
                                            const EmbeddingCodecOptions& options = {});

// Reads the reply to a request built from `request`: one vector per text, in order, all of one
// size; usage from the container when it reports it, otherwise estimated. Normalises here when
// asked and the format cannot do it, and warns about a dimensions request it could not forward.
Result<EmbeddingResult> parse_embedding_response(EmbeddingFormat format, std::string_view body,
                                                 const EmbeddingRequest& request);

}  // namespace smp::models
