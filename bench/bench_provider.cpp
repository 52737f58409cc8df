// The provider's own cost per request: a chat stream (signing, HTTP, event-stream decoding,
// framing, decoding, shaping, one sink call per chunk) and a batched embedding job, against
// the in-process emulator on its own thread. The CPU column is the benchmark thread's CPU time,
// which is the provider's side only (the emulator's threads are not counted); "real" includes
// the emulator's work and the loopback round trips.
#include <benchmark/benchmark.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "base/environment.hpp"
#include "emulator/config_yaml.hpp"
#include "emulator/emulator.hpp"
#include "http/blocking_transport.hpp"
#include "provider/provider.hpp"

namespace {

using namespace smp;
using namespace smp::provider;

constexpr const char* kConfig = R"(
request_log_capacity: 100
endpoints:
  - name: bench-chat
    container: vllm
  - name: bench-chunky
    container: vllm
    chunking: {random: true, min_part: 1, max_part: 16, seed: 1}
  - name: bench-embed
    backend: {container: tei, task: embed}
)";

struct World {
  MapEnvironment env{{"HOME", "/nonexistent"}, {"AWS_EC2_METADATA_DISABLED", "true"}};
  std::unique_ptr<emulator::Emulator> emulator;
  boost::asio::io_context io;
  http::Client http{io.get_executor()};
  std::optional<Provider> provider;

  World() {
    auto config = emulator::parse_config_yaml(kConfig, env);
    if (!config) throw std::runtime_error(config.error().describe());
    auto created = emulator::Emulator::create(std::move(*config));
    if (!created) throw std::runtime_error(created.error().describe());
    emulator = std::move(*created);
    if (!emulator->start()) throw std::runtime_error("emulator did not start");
    sagemaker::ConnectionContext context;
    context.environment = &env;
    context.blocking_transport = http::make_blocking_transport();
    provider.emplace(http, std::move(context));
  }
  ~World() {
    provider.reset();
    emulator->stop();
  }

  ModelConfig config(ModelType type, const std::string& endpoint) const {
    Settings s{{"sagemaker_endpoint", endpoint},
               {"aws_region", "us-east-1"},
               {"aws_access_key_id", "test"},
               {"aws_secret_access_key", "test"},
               {"endpoint_url", emulator->url()}};
    return parse_model_config(type, "bench", s).value();
  }

  template <class T>
  T run(http::Task<T> task) {
    std::optional<T> out;
    boost::asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, T value) {
      if (e) std::rethrow_exception(e);
      out.emplace(std::move(value));
    });
    io.restart();
    io.run();
    return std::move(*out);
  }
};

World& world() {
  static World w;
  return w;
}

std::string words(int n) {
  std::string text;
  for (int i = 0; i < n; ++i)
    text += (i ? " " : "") + std::string("word") + std::to_string(i);
  return text;
}

void chat(benchmark::State& state, const std::string& endpoint, bool stream) {
  auto& w = world();
  auto config = w.config(ModelType::llm, endpoint);
  const std::string prompt = words(static_cast<int>(state.range(0)));
  std::size_t chunks = 0;
  ChunkSink sink;
  if (stream) {
    sink = [&chunks](const models::ChatChunk&) -> http::Task<Result<void>> {
      ++chunks;
      co_return Result<void>{};
    };
  }
  for (auto _ : state) {
    ChatCall call;
    call.request.messages.push_back(models::ChatMessage::text(models::ChatRole::user, prompt));
    auto result = w.run(w.provider->chat(config, std::move(call), sink));
    if (!result) {
      state.SkipWithError(result.error().describe().c_str());
      break;
    }
    benchmark::DoNotOptimize(result->content.data());
  }
  state.SetItemsProcessed(state.iterations());
  if (stream)
    state.counters["chunks/request"] =
        static_cast<double>(chunks) / static_cast<double>(state.iterations());
}

void BM_ChatStream(benchmark::State& state) {
  chat(state, "bench-chat", true);
}
void BM_ChatStreamRandomParts(benchmark::State& state) {
  chat(state, "bench-chunky", true);
}
void BM_ChatNoSink(benchmark::State& state) {
  chat(state, "bench-chat", false);
}

void BM_Embed(benchmark::State& state) {
  auto& w = world();
  auto config = w.config(ModelType::text_embedding, "bench-embed");
  std::vector<std::string> texts;
  for (int i = 0; i < state.range(0); ++i)
    texts.push_back("document " + words(12) + std::to_string(i));
  for (auto _ : state) {
    auto result = w.run(w.provider->embed(config, EmbedCall{.texts = texts}));
    if (!result) {
      state.SkipWithError(result.error().describe().c_str());
      break;
    }
    benchmark::DoNotOptimize(result->vectors.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

BENCHMARK(BM_ChatStream)->Arg(10)->Arg(100)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ChatStreamRandomParts)->Arg(100)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ChatNoSink)->Arg(100)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Embed)->Arg(256)->Unit(benchmark::kMillisecond);

}  // namespace
