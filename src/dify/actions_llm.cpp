// invoke_llm and get_llm_num_tokens (dify-plugin-protocol.md §8.5, §8.6).
#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <chrono>

#include "dify/actions.hpp"
#include "dify/chat_request.hpp"
#include "dify/credentials_form.hpp"
#include "dify/error_mapping.hpp"
#include "provider/token_count.hpp"

namespace smp::dify {

namespace json = boost::json;

namespace {

// No per-token price for a SageMaker endpoint (it is billed by instance hours): prices are the
// SDK's "0.0" decimal strings.
json::object llm_usage(const models::Usage& usage, double latency) {
  const auto count = [](std::int64_t n) { return n < 0 ? std::int64_t{0} : n; };
  json::object u;
  u["prompt_tokens"] = count(usage.prompt_tokens);
  u["prompt_unit_price"] = "0.0";
  u["prompt_price_unit"] = "0.0";
  u["prompt_price"] = "0.0";
  u["completion_tokens"] = count(usage.completion_tokens);
  u["completion_unit_price"] = "0.0";
  u["completion_price_unit"] = "0.0";
  u["completion_price"] = "0.0";
  u["total_tokens"] = usage.total_tokens >= 0
                          ? usage.total_tokens
                          : count(usage.prompt_tokens) + count(usage.completion_tokens);
  u["total_price"] = "0.0";
  u["currency"] = "USD";
  u["latency"] = latency;
  return u;
}

json::array tool_calls_json(const std::vector<models::ToolCall>& calls) {
  json::array out;
  for (const auto& c : calls) {
    json::object fn;
    fn["name"] = c.name;
    fn["arguments"] = c.arguments.empty() ? std::string("{}") : c.arguments;
    json::object call;
    call["id"] = c.id;
    call["type"] = "function";
    call["function"] = std::move(fn);
    out.push_back(std::move(call));
  }
  return out;
}

// One LLMResultChunk. `content` is never null (daemons ≥ 0.5.4 reject null).
json::object llm_chunk(const std::string& model, std::int64_t index, std::string_view content,
                       json::array tool_calls, json::value usage, json::value finish_reason) {
  json::object message;
  message["role"] = "assistant";
  message["content"] = content;
  message["name"] = nullptr;
  message["tool_calls"] = std::move(tool_calls);
  json::object delta;
  delta["index"] = index;
  delta["message"] = std::move(message);
  delta["usage"] = std::move(usage);
  delta["finish_reason"] = std::move(finish_reason);
  json::object chunk;
  chunk["model"] = model;
  chunk["prompt_messages"] = json::array{};
  chunk["system_fingerprint"] = nullptr;
  chunk["delta"] = std::move(delta);
  return chunk;
}

// Short, [A-Za-z0-9-]: the provider uses it in synthesised tool-call ids and InferenceId.
std::string call_id_from(std::string_view session_id) {
  std::string id;
  for (char c : session_id) {
    if (std::isalnum(static_cast<unsigned char>(c))) id += c;
    if (id.size() == 12) break;
  }
  return id;
}

}  // namespace

http::Task<ActionResult> invoke_llm(ActionContext& ctx) {
  const auto started = std::chrono::steady_clock::now();
  auto config = model_config_from_request(ctx.request.data);
  if (!config) co_return std::unexpected(to_dify_error(config.error()));
  auto request = chat_request_from_dify(ctx.request.data);
  if (!request) co_return std::unexpected(to_dify_error(request.error()));
  const bool stream = request->stream;
  const std::string model = config->model_name;

  provider::ChatCall call;
  call.request = std::move(*request);
  call.reasoning = models::ReasoningOutput::think_block;
  call.request_id = call_id_from(ctx.request.session_id);

  std::int64_t index = 0;
  bool streamed_text = false;
  provider::ChunkSink sink;
  if (stream) {
    // Text goes out as it arrives. Tool calls, usage and the finish reason wait for the final
    // chunk: Dify merges streamed tool-call fragments by id, and complete calls sent once are
    // what every Dify version merges correctly.
    sink = [&](const models::ChatChunk& chunk) -> http::Task<Result<void>> {
      if (chunk.content.empty()) co_return Result<void>{};
      streamed_text = true;
      auto line = llm_chunk(model, index++, chunk.content, json::array{}, nullptr, nullptr);
      co_return co_await ctx.out.stream(line);
    };
  }
  auto result = co_await ctx.provider.chat(*config, std::move(call), std::move(sink));
  if (!result) co_return std::unexpected(to_dify_error(result.error()));
  const double latency =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const std::string finish = result->finish_reason.empty() ? "stop" : result->finish_reason;
  // Non-stream: Dify builds its result from the first chunk only, so it holds everything. A
  // stream whose text never came through the sink (nothing may be lost) carries it here too.
  auto last = llm_chunk(
      model, index, stream && streamed_text ? std::string_view{} : result->content,
      tool_calls_json(result->tool_calls), llm_usage(result->usage, latency), json::string(finish));
  if (auto r = co_await ctx.out.stream(last); !r)
    co_return std::unexpected(to_dify_error(r.error()));
  co_return ActionResult{};
}

http::Task<ActionResult> get_llm_num_tokens(ActionContext& ctx) {
  auto request = chat_request_from_dify(ctx.request.data);
  if (!request) co_return std::unexpected(to_dify_error(request.error()));
  json::object data;
  data["num_tokens"] = provider::estimate_chat_tokens(*request);
  if (auto r = co_await ctx.out.stream(data); !r)
    co_return std::unexpected(to_dify_error(r.error()));
  co_return ActionResult{};
}

}  // namespace smp::dify
