// libFuzzer target for the reply parsers of the models layer: chat (every format, non-stream),
// embeddings, rerank, chat templates, and a differential check of the OpenAI chunk fast path
// against the general decoder. The first byte picks the parser; the rest is the reply body.
#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "models/embedding/embedding_codec.hpp"
#include "models/llm/chat_codec.hpp"
#include "models/llm/openai_chat.hpp"
#include "models/llm/openai_chunk_reader.hpp"
#include "models/rerank/rerank_batches.hpp"
#include "models/rerank/rerank_codec.hpp"

namespace {

using namespace smp::models;

void check_chunk_fast_path(std::string_view body) {
  static OpenAiChunkReader reader;
  ChatChunk fast;
  if (!reader.read(body, fast)) return;
  boost::system::error_code ec;
  const auto value = boost::json::parse(body, ec);
  if (ec) std::abort();  // the fast path took what is not JSON
  ChatChunk slow;
  if (!openai_chat::decode_stream_record(value, body, slow)) std::abort();
  if (!(fast == slow)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::uint8_t selector = data[0];
  const std::size_t count = 1 + data[1] % 40;  // how many texts/documents the reply is for
  const std::string_view body(reinterpret_cast<const char*>(data + 2), size - 2);

  switch (selector % 5) {
    case 0: {
      ChatOutputOptions options;
      options.parse_tool_call_tags = (selector & 8) != 0;
      options.reasoning =
          (selector & 16) != 0 ? ReasoningOutput::think_block : ReasoningOutput::separate;
      (void)read_chat_response(static_cast<ChatFormat>((selector >> 5) % 4), body, options);
      break;
    }
    case 1: {
      EmbeddingRequest request;
      request.texts.assign(count, "text");
      request.normalize = (selector & 8) != 0;
      if ((selector & 16) != 0) request.dimensions = 8;
      (void)parse_embedding_response(static_cast<EmbeddingFormat>((selector >> 5) % 5), body,
                                     request);
      break;
    }
    case 2: {
      RerankRequest request;
      request.query = "q";
      for (std::size_t i = 0; i < count; ++i)
        request.documents.push_back("d" + std::to_string(i));
      request.sigmoid = (selector & 8) != 0;
      request.top_n = (selector & 16) != 0 ? 3 : 0;
      request.score_threshold = (selector & 32) != 0 ? std::optional<double>(0.5) : std::nullopt;
      auto scores =
          parse_rerank_response(static_cast<RerankFormat>((selector >> 6) % 4), body, request);
      if (scores) {
        const auto ranked = rank(request, *scores);
        for (std::size_t i = 1; i < ranked.results.size(); ++i) {
          if (ranked.results[i - 1].score < ranked.results[i].score) std::abort();
        }
      }
      break;
    }
    case 3:
      (void)ChatTemplate::from_json(body);
      break;
    case 4:
      check_chunk_fast_path(body);
      break;
  }
  return 0;
}
