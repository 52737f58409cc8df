// Throughput of the models layer on realistic container streams, fed the way SageMaker delivers
// them: ~100-byte PayloadParts cut at arbitrary points. Figures go to src/models/README.md.
#include <benchmark/benchmark.h>

#include <boost/json/serialize.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "models/embedding/embedding_codec.hpp"
#include "models/llm/chat_stream_reader.hpp"
#include "models/stream_framer.hpp"

namespace {

using namespace smp::models;

// A vLLM chat completion stream: role chunk, token chunks (a few multi-byte characters among
// them), the finish chunk, the usage chunk and [DONE], exactly as vLLM's SSE writer lays them out.
std::string vllm_stream(std::size_t tokens) {
  static const char* const words[] = {
      " the",  " model", " answered", " with", " a",   " long",   " explanation", ",",
      " 巴黎", " and",   " then",     ".",     "\n\n", " résumé", " of",          " results"};
  const std::string head =
      R"(data: {"id":"chatcmpl-4a1f9c2e8b7d","object":"chat.completion.chunk","created":1718000000,)"
      R"("model":"Qwen/Qwen3-8B","choices":[{"index":0,"delta":{)";
  std::string out = head +
                    R"("role":"assistant","content":""},"logprobs":null,"finish_reason":null}]})"
                    "\n\n";
  for (std::size_t i = 0; i < tokens; ++i) {
    out += head + R"("content":)" +
           boost::json::serialize(boost::json::value(words[i % std::size(words)])) +
           R"(},"logprobs":null,"finish_reason":null}]})"
           "\n\n";
  }
  out += head + R"(},"logprobs":null,"finish_reason":"stop"}]})"
                "\n\n";
  out +=
      R"(data: {"id":"chatcmpl-4a1f9c2e8b7d","object":"chat.completion.chunk","created":1718000000,)"
      R"("model":"Qwen/Qwen3-8B","choices":[],"usage":{"prompt_tokens":812,"total_tokens":)" +
      std::to_string(812 + tokens) + R"(,"completion_tokens":)" + std::to_string(tokens) +
      "}}\n\ndata: [DONE]\n\n";
  return out;
}

// A TGI generate stream: `data:` without a space, one token per event.
std::string tgi_stream(std::size_t tokens) {
  std::string out;
  for (std::size_t i = 0; i < tokens; ++i) {
    out +=
        R"(data:{"index":)" + std::to_string(i) + R"(,"token":{"id":)" +
        std::to_string(1000 + i % 5000) +
        R"(,"text":" word","logprob":-0.1234,"special":false},"generated_text":null,"details":null})"
        "\n\n";
  }
  out += R"(data:{"index":0,"token":{"id":2,"text":"</s>","logprob":0.0,"special":true},)"
         R"("generated_text":"…","details":{"finish_reason":"eos_token","generated_tokens":)" +
         std::to_string(tokens) +
         R"(,"seed":null,"input_length":42}})"
         "\n\n";
  return out;
}

std::vector<std::string_view> parts_of(const std::string& stream, std::size_t size) {
  std::vector<std::string_view> parts;
  for (std::size_t i = 0; i < stream.size(); i += size) {
    parts.push_back(std::string_view(stream).substr(i, size));
  }
  return parts;
}

constexpr std::size_t kTokens = 20000;
constexpr std::size_t kPartBytes = 100;

void BM_FrameVllmSse(benchmark::State& state) {
  const std::string stream = vllm_stream(kTokens);
  const auto parts = parts_of(stream, kPartBytes);
  for (auto _ : state) {
    StreamFramer framer;
    std::size_t records = 0;
    auto sink = [&](const StreamRecord&) -> smp::Result<void> {
      ++records;
      return {};
    };
    for (auto part : parts) {
      if (!framer.feed(part, sink)) state.SkipWithError("framing failed");
    }
    if (!framer.finish(sink)) state.SkipWithError("framing failed");
    benchmark::DoNotOptimize(records);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * stream.size()));
}
BENCHMARK(BM_FrameVllmSse)->Unit(benchmark::kMillisecond);

void read_chat(benchmark::State& state, ChatFormat format, const std::string& stream) {
  const auto parts = parts_of(stream, kPartBytes);
  for (auto _ : state) {
    ChatStreamReader reader(format);
    std::size_t chunks = 0;
    auto sink = [&](const ChatChunk&) { ++chunks; };
    for (auto part : parts) {
      if (!reader.feed(part, sink)) state.SkipWithError("stream failed");
    }
    auto result = reader.finish(sink);
    if (!result) state.SkipWithError("stream failed");
    benchmark::DoNotOptimize(result);
    benchmark::DoNotOptimize(chunks);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * stream.size()));
  state.counters["chunks/s"] = benchmark::Counter(static_cast<double>(state.iterations() * kTokens),
                                                  benchmark::Counter::kIsRate);
}

// Framing + JSON decoding + chat-chunk assembly: the whole per-byte cost of a chat stream.
void BM_ChatStreamVllmSse(benchmark::State& state) {
  read_chat(state, ChatFormat::openai, vllm_stream(kTokens));
}
BENCHMARK(BM_ChatStreamVllmSse)->Unit(benchmark::kMillisecond);

void BM_ChatStreamAutoDetect(benchmark::State& state) {
  read_chat(state, ChatFormat::automatic, vllm_stream(kTokens));
}
BENCHMARK(BM_ChatStreamAutoDetect)->Unit(benchmark::kMillisecond);

void BM_ChatStreamTgiTokens(benchmark::State& state) {
  read_chat(state, ChatFormat::tgi, tgi_stream(kTokens));
}
BENCHMARK(BM_ChatStreamTgiTokens)->Unit(benchmark::kMillisecond);

// Reading a TEI reply for a full batch: 32 vectors of 1024 floats.
void BM_ParseTeiEmbeddings(benchmark::State& state) {
  EmbeddingRequest request;
  std::string body = "[";
  for (int v = 0; v < 32; ++v) {
    request.texts.push_back("text");
    body += v == 0 ? "[" : ",[";
    for (int d = 0; d < 1024; ++d) {
      body += (d == 0 ? "" : ",") + std::to_string(-0.0123456789 + d * 1e-5);
    }
    body += "]";
  }
  body += "]";
  for (auto _ : state) {
    auto result = parse_embedding_response(EmbeddingFormat::tei, body, request);
    if (!result) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
}
BENCHMARK(BM_ParseTeiEmbeddings)->Unit(benchmark::kMicrosecond);

}  // namespace
