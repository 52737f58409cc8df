// Cost of the emulator's built-in containers per invocation (the emulator's budget is 5,000
// small invocations per second on one core, all layers included), of the speech codec, and of
// the payload-part chunker.
#include <benchmark/benchmark.h>

#include "emulator/audio/speech_synthesizer.hpp"
#include "emulator/audio/transcriber.hpp"
#include "emulator/chunking.hpp"
#include "emulator/containers/container.hpp"

namespace {

using namespace smp::emulator;

void run(benchmark::State& state, std::string_view kind, std::string body,
         ContainerOptions options = {}) {
  auto container = std::move(*make_container(kind, options));
  InvocationInput input;
  input.body = std::move(body);
  input.content_type = "application/json";
  ContainerContext context;
  std::size_t bytes = 0;
  for (auto _ : state) {
    ++context.seed;
    const InvocationOutput out = container->invoke(input, context);
    bytes += out.body.size();
    for (const auto& record : out.stream_records)
      bytes += record.size();
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void BM_VllmChat(benchmark::State& state) {
  run(state, "vllm",
      R"({"model":"m","messages":[{"role":"user","content":"Hello there, how are you?"}],"max_tokens":64})");
}
BENCHMARK(BM_VllmChat);

void BM_VllmChatStream(benchmark::State& state) {
  run(state, "vllm",
      R"({"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hello there, how are you?"}]})");
}
BENCHMARK(BM_VllmChatStream);

void BM_VllmToolCall(benchmark::State& state) {
  run(state, "vllm",
      R"({"messages":[{"role":"user","content":"weather in Paris?"}],"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]})");
}
BENCHMARK(BM_VllmToolCall);

void BM_TgiGenerateStream(benchmark::State& state) {
  run(state, "tgi",
      R"({"inputs":"What is deep learning?","parameters":{"max_new_tokens":20},"stream":true})");
}
BENCHMARK(BM_TgiGenerateStream);

void BM_TeiEmbedOne(benchmark::State& state) {
  run(state, "tei", R"({"inputs":"a short sentence to embed"})");
}
BENCHMARK(BM_TeiEmbedOne);

void BM_TeiEmbedBatch32(benchmark::State& state) {
  std::string body = R"({"inputs":[)";
  for (int i = 0; i < 32; ++i)
    body +=
        std::string(i ? "," : "") + "\"document number " + std::to_string(i) + " about things\"";
  run(state, "tei", body + "]}");
}
BENCHMARK(BM_TeiEmbedBatch32);

void BM_TeiRerank10(benchmark::State& state) {
  std::string body = R"({"query":"capital of france","texts":[)";
  for (int i = 0; i < 10; ++i)
    body += std::string(i ? "," : "") + "\"paris is a city number " + std::to_string(i) + "\"";
  ContainerOptions rerank;
  rerank.task = "rerank";
  run(state, "tei", body + "]}", rerank);
}
BENCHMARK(BM_TeiRerank10);

const std::string kSentence = "The quick brown fox jumps over the lazy dog. 你好，世界。";

void BM_SynthesizeWav(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(audio::synthesize_wav(kSentence, "v"));
}
BENCHMARK(BM_SynthesizeWav);

void BM_SynthesizeMp3(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(audio::synthesize_mp3(kSentence, "v"));
}
BENCHMARK(BM_SynthesizeMp3);

void BM_TranscribeWav(benchmark::State& state) {
  const std::string wav = audio::synthesize_wav(kSentence, "v");
  for (auto _ : state)
    benchmark::DoNotOptimize(audio::transcribe(wav));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * wav.size()));
}
BENCHMARK(BM_TranscribeWav);

void BM_TranscribeMp3(benchmark::State& state) {
  const std::string mp3 = audio::synthesize_mp3(kSentence, "v");
  for (auto _ : state)
    benchmark::DoNotOptimize(audio::transcribe(mp3));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * mp3.size()));
}
BENCHMARK(BM_TranscribeMp3);

void BM_CutAtRandom64KiB(benchmark::State& state) {
  const std::string bytes(64 * 1024, 'x');
  std::uint64_t seed = 0;
  for (auto _ : state)
    benchmark::DoNotOptimize(cut_at_random(bytes, ++seed));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
}
BENCHMARK(BM_CutAtRandom64KiB);

}  // namespace
