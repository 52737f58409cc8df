// Event-stream decoding throughput: a response stream of PayloadPart messages fed in 16 KiB
// chunks, as a socket delivers it. Bytes processed are the encoded stream bytes.
//
//   cmake --preset bench -B build/eventstream-bench
//   cmake --build build/eventstream-bench --target bench_eventstream
//   build/eventstream-bench/bench/bench_eventstream
#include <benchmark/benchmark.h>

#include <string>

#include "aws/crc32.hpp"
#include "aws/eventstream.hpp"
#include "aws/eventstream_sagemaker.hpp"

namespace {

using namespace smp::aws;
using namespace smp::aws::eventstream;

constexpr std::size_t stream_bytes = 8 << 20;  // about 8 MiB of messages per iteration
constexpr std::size_t chunk_bytes = 16 << 10;

std::string make_stream(std::size_t payload_size) {
  std::string payload(payload_size, 'x');
  for (std::size_t i = 0; i < payload.size(); ++i)
    payload[i] = static_cast<char>('a' + i % 26);
  const std::string one = encode_payload_part(payload).value();
  std::string stream;
  stream.reserve(stream_bytes + one.size());
  while (stream.size() < stream_bytes)
    stream += one;
  return stream;
}

// Framing only: Decoder::next() over every message.
void BM_DecodeFraming(benchmark::State& state) {
  const std::string stream = make_stream(static_cast<std::size_t>(state.range(0)));
  std::size_t messages = 0;
  for (auto _ : state) {
    Decoder decoder;
    for (std::size_t offset = 0; offset < stream.size(); offset += chunk_bytes) {
      decoder.feed(std::string_view(stream).substr(offset, chunk_bytes));
      while (true) {
        auto message = decoder.next();
        if (!message || !*message) break;
        benchmark::DoNotOptimize((*message)->payload.data());
        ++messages;
      }
    }
    if (!decoder.finish()) state.SkipWithError("stream did not decode");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * stream.size()));
  state.counters["messages/s"] =
      benchmark::Counter(static_cast<double>(messages), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DecodeFraming)->Arg(256)->Arg(4096);

// What the SageMaker client runs: framing plus classification, PayloadPart views to a callback.
void BM_ResponseStream(benchmark::State& state) {
  const std::string stream = make_stream(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    ResponseStreamDecoder decoder;
    std::size_t payload = 0;
    for (std::size_t offset = 0; offset < stream.size(); offset += chunk_bytes) {
      auto fed = decoder.feed(std::string_view(stream).substr(offset, chunk_bytes),
                              [&](std::string_view bytes) { payload += bytes.size(); });
      if (!fed) state.SkipWithError("stream did not decode");
    }
    benchmark::DoNotOptimize(payload);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * stream.size()));
}
BENCHMARK(BM_ResponseStream)->Arg(256)->Arg(4096);

// The floor: CRC-32 over the same bytes (the decoder reads every byte once through it).
void BM_Crc32(benchmark::State& state) {
  const std::string data(static_cast<std::size_t>(state.range(0)), 'x');
  for (auto _ : state)
    benchmark::DoNotOptimize(crc32(data));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_Crc32)->Arg(256)->Arg(16 << 10);

// The emulator's side: encoding one PayloadPart.
void BM_EncodePayloadPart(benchmark::State& state) {
  const std::string payload(static_cast<std::size_t>(state.range(0)), 'x');
  for (auto _ : state) {
    auto encoded = encode_payload_part(payload);
    benchmark::DoNotOptimize(encoded->data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * payload.size()));
}
BENCHMARK(BM_EncodePayloadPart)->Arg(256)->Arg(4096);

}  // namespace
