#pragma once
// The non-chat request bodies → neutral types: embeddings (OpenAI), rerank (the Cohere/Jina
// shape vLLM and Dify's OpenAI-compatible provider use), audio speech (JSON) and audio
// transcriptions (multipart/form-data fields, see multipart.hpp).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.hpp"
#include "models/embedding/embedding_types.hpp"
#include "models/rerank/rerank_types.hpp"

namespace smp::gateway {

struct EmbeddingsApiRequest {
  std::string model;
  models::EmbeddingRequest embedding;  // texts, dimensions, input_type
  bool base64 = false;                 // encoding_format "base64": little-endian float32 bytes
};
// input: a string or a list of strings (token arrays are refused: the containers take text).
// Extension fields input_type ("query"/"document", also "search_query"/"search_document").
Result<EmbeddingsApiRequest> parse_embeddings_request(std::string_view body);

struct RerankApiRequest {
  std::string model;
  models::RerankRequest rerank;  // query, documents, top_n
  bool return_documents = true;  // Jina's default; Cohere clients send it explicitly
};
// documents: strings or {"text": ...} objects.
Result<RerankApiRequest> parse_rerank_request(std::string_view body);

struct SpeechApiRequest {
  std::string model;
  std::string input;
  std::string voice;
  std::string response_format = "mp3";  // mp3, opus, aac, flac, wav, pcm
  std::optional<double> speed;
};
Result<SpeechApiRequest> parse_speech_request(std::string_view body);

struct TranscriptionApiRequest {
  std::string model;
  std::string file;  // the audio bytes
  std::string filename;
  std::string file_content_type;
  std::string language;
  std::string prompt;
  std::string response_format = "json";  // json, text, verbose_json, srt, vtt
  std::optional<double> temperature;
};
// From a multipart/form-data body; `content_type` is the request's Content-Type (with boundary).
Result<TranscriptionApiRequest> parse_transcription_request(std::string_view content_type,
                                                            std::string_view body);

}  // namespace smp::gateway
