// The Dify runtime's per-line work: reading a daemon request, rendering result lines, the
// daemon-rules check the tests run. Figures go to src/dify/README.md.
#include <benchmark/benchmark.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>

#include "dify/chat_request.hpp"
#include "dify/protocol.hpp"
#include "dify/response_rules.hpp"

namespace {

namespace json = boost::json;

std::string llm_request() {
  std::string history;
  for (int i = 0; i < 10; ++i) {
    history +=
        R"({"role":"user","content":"question number )" + std::to_string(i) +
        R"( with some \u003cmarkup\u003e and text","name":"","tool_calls":null,"tool_call_id":""},)";
    history +=
        R"({"role":"assistant","content":"an answer that is a little longer than the question","name":"","tool_calls":null,"tool_call_id":""},)";
  }
  history.pop_back();
  return R"({"session_id":"0f8c2c7e-4f2a-4b0e-9a55-2c7d7a0e4b11","conversation_id":null,"message_id":null,"app_id":null,"endpoint_id":null,"context":null,"event":"request","data":{"action":"invoke_llm","credentials":{"aws_region":"us-east-1","context_length":"4096","function_calling_type":"tool_call","mode":"chat","model_id":"Qwen/Qwen3-8B","sagemaker_endpoint":"my-ep","vision_support":"no_support"},"json_schema":null,"model":"qwen3","model_parameters":{"max_tokens":512,"temperature":0.7},"model_type":"llm","prompt_messages":[)" +
         history +
         R"(],"provider":"sagemaker","stop":null,"stream":true,"tools":null,"type":"model","user_id":"d2b7"}})";
}

void BM_ParseRequestLine(benchmark::State& state) {
  const std::string line = llm_request();
  for (auto _ : state) {
    auto parsed = smp::dify::parse_daemon_line(line);
    auto request = smp::dify::chat_request_from_dify(parsed.request->data);
    benchmark::DoNotOptimize(request);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * line.size()));
}
BENCHMARK(BM_ParseRequestLine);

json::object chunk(std::string_view text) {
  json::object message;
  message["role"] = "assistant";
  message["content"] = text;
  message["name"] = nullptr;
  message["tool_calls"] = json::array{};
  json::object delta;
  delta["index"] = 3;
  delta["message"] = std::move(message);
  delta["usage"] = nullptr;
  delta["finish_reason"] = nullptr;
  json::object c;
  c["model"] = "qwen3";
  c["prompt_messages"] = json::array{};
  c["system_fingerprint"] = nullptr;
  c["delta"] = std::move(delta);
  return c;
}

void BM_RenderLlmChunkLine(benchmark::State& state) {
  for (auto _ : state) {
    auto line =
        smp::dify::session_stream_line("0f8c2c7e-4f2a-4b0e-9a55-2c7d7a0e4b11", chunk(" token"));
    benchmark::DoNotOptimize(line);
  }
}
BENCHMARK(BM_RenderLlmChunkLine);

void BM_RenderEmbeddingLine(benchmark::State& state) {
  json::array vectors;
  for (int i = 0; i < 32; ++i) {
    json::array v;
    for (int j = 0; j < 1024; ++j)
      v.push_back(0.001 * ((i * 31 + j * 17) % 1000 - 500));
    vectors.push_back(std::move(v));
  }
  json::object data;
  data["model"] = "bge";
  data["embeddings"] = std::move(vectors);
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto line = smp::dify::session_stream_line("s", data);
    bytes = line.size();
    benchmark::DoNotOptimize(line);
  }
  state.counters["line_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_RenderEmbeddingLine);

void BM_CheckLlmChunkLine(benchmark::State& state) {
  const auto line = smp::dify::session_stream_line("s", chunk(" token"));
  for (auto _ : state) {
    smp::dify::ResponseChecker checker;
    checker.expect("s", "invoke_llm");
    benchmark::DoNotOptimize(checker.check_line(line));
  }
}
BENCHMARK(BM_CheckLlmChunkLine);

}  // namespace
