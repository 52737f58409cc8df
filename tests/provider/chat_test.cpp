// Provider::chat against the emulator's chat containers: streamed and not, random part
// boundaries, reasoning both ways, tool calls, mid-stream failures, a sink that stops early.
#include <boost/algorithm/string/predicate.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/post.hpp>
#include <boost/json.hpp>

#include "provider/provider_fixture.hpp"

namespace smp::provider::testing {
namespace {

constexpr const char* kConfig = R"(
endpoints:
  - name: demo-chat
    container: vllm
    chunking: {random: true, min_part: 1, max_part: 9, seed: 3}
  - name: reasoner
    backend: {container: vllm, model_id: Qwen/Qwen3-8B}
    chunking: {random: true, min_part: 1, max_part: 5, seed: 5}
  - name: lmi-chat
    backend: {container: lmi, model_id: Qwen/Qwen3-8B}
    chunking: {random: true, min_part: 1, max_part: 7, seed: 9}
  - name: tgi-gen
    container: tgi
    chunking: {random: true, min_part: 1, max_part: 7, seed: 11}
  - name: breaks
    container: vllm
    faults: [{kind: model_stream_error, rate: 1.0, after_parts: 4}]
  - name: slow
    container: vllm
    latency: {first_byte_ms: 0, per_part_ms: 40}
  - name: routed
    container: vllm
    variants:
      - {name: blue, weight: 1}
      - {name: green, weight: 1}
)";

class ChatTest : public ProviderTest {
 protected:
  void SetUp() override { start(kConfig); }

  static ChatCall ask(std::string text) {
    ChatCall call;
    call.request.messages.push_back(
        models::ChatMessage::text(models::ChatRole::user, std::move(text)));
    return call;
  }

  struct Streamed {
    Result<models::ChatResult> result;
    std::vector<models::ChatChunk> chunks;
  };
  Streamed stream(const ModelConfig& c, ChatCall call) {
    auto chunks = std::make_shared<std::vector<models::ChatChunk>>();
    ChunkSink sink = [chunks](const models::ChatChunk& chunk) -> http::Task<Result<void>> {
      chunks->push_back(chunk);
      co_return Result<void>{};
    };
    auto result = run(provider_->chat(c, std::move(call), sink));
    return {std::move(result), std::move(*chunks)};
  }
};

TEST_F(ChatTest, StreamedChunksAddUpToTheResult) {
  auto c = config(ModelType::llm, settings("demo-chat"));
  auto s = stream(c, ask("tell me — ünïcödé — something"));
  ASSERT_TRUE(s.result) << s.result.error().describe();
  EXPECT_EQ(s.result->content, "You said: tell me — ünïcödé — something");
  EXPECT_EQ(s.result->finish_reason, "stop");
  EXPECT_FALSE(s.result->usage.estimated);  // vLLM reports usage with include_usage
  EXPECT_GT(s.result->usage.completion_tokens, 3);
  ASSERT_GT(s.chunks.size(), 3u);
  std::string joined;
  for (const auto& chunk : s.chunks)
    joined += chunk.content;
  EXPECT_EQ(joined, s.result->content);
  EXPECT_EQ(s.chunks.back().finish_reason, "stop");
  ASSERT_TRUE(s.chunks.back().usage);
  EXPECT_EQ(*s.chunks.back().usage, s.result->usage);
}

TEST_F(ChatTest, NonStreamCallersStillStreamUpstream) {
  auto c = config(ModelType::llm, settings("demo-chat"));
  auto result = run(provider_->chat(c, ask("hello")));
  ASSERT_TRUE(result) << result.error().describe();
  EXPECT_EQ(result->content, "You said: hello");
  EXPECT_EQ(logged("InvokeEndpointWithResponseStream", 1), 1u);
  EXPECT_EQ(logged("InvokeEndpoint", 0), 0u);
}

TEST_F(ChatTest, ReasoningAsASeparateFieldOrOneThinkBlock) {
  auto s = settings("reasoner");
  s["model_id"] = "Qwen/Qwen3-8B";
  auto c = config(ModelType::llm, s);
  auto separate = stream(c, ask("why is the sky blue"));
  ASSERT_TRUE(separate.result) << separate.result.error().describe();
  EXPECT_FALSE(separate.result->reasoning.empty());
  EXPECT_EQ(separate.result->content, "You said: why is the sky blue");
  std::string reasoning;
  for (const auto& chunk : separate.chunks) {
    reasoning += chunk.reasoning;
    EXPECT_EQ(chunk.content.find("<think>"), std::string::npos);
  }
  EXPECT_EQ(reasoning, separate.result->reasoning);

  auto call = ask("why is the sky blue");
  call.reasoning = models::ReasoningOutput::think_block;
  auto tagged = stream(c, std::move(call));
  ASSERT_TRUE(tagged.result) << tagged.result.error().describe();
  EXPECT_TRUE(tagged.result->reasoning.empty());
  const std::string expected_start = "<think>\n" + separate.result->reasoning + "\n</think>";
  EXPECT_TRUE(tagged.result->content.starts_with(expected_start)) << tagged.result->content;
  EXPECT_TRUE(tagged.result->content.ends_with("You said: why is the sky blue"));
  std::string content;
  for (const auto& chunk : tagged.chunks)
    content += chunk.content;
  EXPECT_EQ(content, tagged.result->content);
  EXPECT_EQ(
      std::count_if(tagged.chunks.begin(), tagged.chunks.end(),
                    [](const auto& ch) { return ch.content.find("<think>") != std::string::npos; }),
      1);
}

TEST_F(ChatTest, ToolCallsStreamedWithIdAndNameOnce) {
  auto s = settings("demo-chat");
  s["function_calling_type"] = "stream_tool_call";
  auto c = config(ModelType::llm, s);
  auto call = ask("What is the weather in Paris?");
  models::ToolDefinition tool;
  tool.name = "get_weather";
  tool.description = "Current weather for a city";
  tool.parameters =
      boost::json::parse(
          R"({"type":"object","properties":{"location":{"type":"string"}},"required":["location"]})")
          .as_object();
  call.request.tools.push_back(tool);
  auto streamed = stream(c, call);
  ASSERT_TRUE(streamed.result) << streamed.result.error().describe();
  EXPECT_EQ(streamed.result->finish_reason, "tool_calls");
  ASSERT_EQ(streamed.result->tool_calls.size(), 1u);
  const auto& tc = streamed.result->tool_calls[0];
  EXPECT_EQ(tc.name, "get_weather");
  EXPECT_FALSE(tc.id.empty());
  auto args = boost::json::parse(tc.arguments).as_object();
  EXPECT_NE(std::string(args.at("location").as_string()).find("Paris"), std::string::npos);
  int ids = 0;
  std::string arguments;
  for (const auto& chunk : streamed.chunks)
    for (const auto& d : chunk.tool_calls) {
      EXPECT_EQ(d.index, 0);
      ids += !d.id.empty();
      arguments += d.arguments;
    }
  EXPECT_EQ(ids, 1);
  EXPECT_EQ(arguments, tc.arguments);

  // The tool's answer replayed with role tool and its id: the model reports it.
  auto second = call;
  models::ChatMessage assistant;
  assistant.role = models::ChatRole::assistant;
  assistant.tool_calls.push_back(tc);
  second.request.messages.push_back(assistant);
  second.request.messages.push_back(models::ChatMessage::tool_result(tc.id, "18 degrees, sunny"));
  auto answer = run(provider_->chat(c, second));
  ASSERT_TRUE(answer) << answer.error().describe();
  EXPECT_EQ(answer->finish_reason, "stop");
  EXPECT_NE(answer->content.find("18 degrees, sunny"), std::string::npos) << answer->content;
}

TEST_F(ChatTest, LmiAndTgiFormatsWithRandomParts) {
  for (const char* format : {"lmi", "openai", "auto"}) {
    auto s = settings("lmi-chat");
    s["payload_format"] = format;
    s["model_id"] = "Qwen/Qwen3-8B";
    auto c = config(ModelType::llm, s);
    auto call = ask("count the parts");
    call.request.extra_body["chat_template_kwargs"] =
        boost::json::object{{"enable_thinking", false}};
    auto streamed = stream(c, call);
    ASSERT_TRUE(streamed.result) << format << ": " << streamed.result.error().describe();
    EXPECT_NE(streamed.result->content.find("count the parts"), std::string::npos)
        << format << ": " << streamed.result->content;
  }
  auto s = settings("tgi-gen");
  s["payload_format"] = "tgi";
  auto c = config(ModelType::llm, s);
  auto streamed = stream(c, ask("a tgi token stream"));
  ASSERT_TRUE(streamed.result) << streamed.result.error().describe();
  EXPECT_NE(streamed.result->content.find("a tgi token stream"), std::string::npos)
      << streamed.result->content;
  EXPECT_EQ(streamed.result->finish_reason, "stop");
}

TEST_F(ChatTest, AutoRemembersTheDetectedFormat) {
  auto s = settings("demo-chat");
  auto c = config(ModelType::llm, s);
  EXPECT_FALSE(provider_->memory().get(c).chat_format);
  ASSERT_TRUE(run(provider_->chat(c, ask("first"))));
  auto facts = provider_->memory().get(c);
  ASSERT_TRUE(facts.chat_format);
  EXPECT_EQ(*facts.chat_format, models::ChatFormat::openai);
}

TEST_F(ChatTest, AMidStreamFailureIsAnErrorNotATruncatedAnswer) {
  auto c = config(ModelType::llm, settings("breaks"));
  auto s = stream(c, ask("this answer will break in the middle of its stream"));
  ASSERT_FALSE(s.result);
  EXPECT_EQ(s.result.error().kind, ErrorKind::model) << s.result.error().describe();
  for (const auto& chunk : s.chunks)
    EXPECT_TRUE(chunk.finish_reason.empty());
  // The process keeps serving.
  auto ok = run(provider_->chat(config(ModelType::llm, settings("demo-chat")), ask("still here")));
  ASSERT_TRUE(ok) << ok.error().describe();
}

TEST_F(ChatTest, ASinkErrorStopsTheStream) {
  auto c = config(ModelType::llm, settings("demo-chat"));
  int seen = 0;
  ChunkSink sink = [&seen](const models::ChatChunk&) -> http::Task<Result<void>> {
    if (++seen == 2) co_return fail(ErrorKind::connection, "ClientGone", "the client went away");
    co_return Result<void>{};
  };
  auto result = run(provider_->chat(c, ask("a long answer with many many many words in it"), sink));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "ClientGone");
  EXPECT_EQ(seen, 2);
  auto again = run(provider_->chat(c, ask("next")));
  ASSERT_TRUE(again) << again.error().describe();
}

TEST_F(ChatTest, CancellingTheCallStopsTheUpstreamStream) {
  auto c = config(ModelType::llm, settings("slow"));
  boost::asio::cancellation_signal cancel;
  int seen = 0;
  ChunkSink sink = [&](const models::ChatChunk&) -> http::Task<Result<void>> {
    if (++seen == 1) {
      boost::asio::post(io_, [&] { cancel.emit(boost::asio::cancellation_type::terminal); });
    }
    co_return Result<void>{};
  };
  bool done = false;
  bool failed = false;
  boost::asio::co_spawn(
      io_,
      provider_->chat(c, ask("one two three four five six seven eight nine ten eleven twelve"),
                      sink),
      boost::asio::bind_cancellation_slot(
          cancel.slot(), [&](std::exception_ptr e, Result<models::ChatResult> r) {
            done = true;
            failed = e != nullptr || !r;  // an error result or operation_aborted
          }));
  io_.restart();
  io_.run();
  EXPECT_TRUE(done);
  EXPECT_TRUE(failed);
  EXPECT_LE(seen, 2);  // the stream has about 20 parts 40 ms apart: it did not run to the end
  auto again = run(provider_->chat(c, ask("after the cancel")));
  ASSERT_TRUE(again) << again.error().describe();
  EXPECT_EQ(again->content, "You said: after the cancel");
}

TEST_F(ChatTest, RoutingAndRequestMetadataHeaders) {
  auto s = settings("routed");
  s["target_variant"] = "green";
  s["custom_attributes"] = "trace=on";
  s["enable_request_metadata"] = "true";
  auto c = config(ModelType::llm, s);
  auto call = ask("route me");
  call.request_id = "req-42";
  auto result = run(provider_->chat(c, call));
  ASSERT_TRUE(result) << result.error().describe();
  auto log = log_when([](const auto& l) { return !l.empty(); });
  ASSERT_FALSE(log.empty());
  const auto& entry = log.back();
  EXPECT_EQ(entry.variant, "green");
  auto header = [&](std::string_view name) {
    for (const auto& [k, v] : entry.headers)
      if (boost::algorithm::iequals(k, name)) return v;
    return std::string();
  };
  EXPECT_EQ(header("X-Amzn-SageMaker-Custom-Attributes"), "trace=on");
  EXPECT_EQ(header("X-Amzn-SageMaker-Inference-Id"), "req-42");
}

TEST_F(ChatTest, BadRequestsAreClearErrors) {
  auto c = config(ModelType::llm, settings("demo-chat"));
  auto empty = run(provider_->chat(c, ChatCall{}));
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().kind, ErrorKind::invalid_argument);
  auto missing =
      run(provider_->chat(config(ModelType::llm, settings("no-such-endpoint")), ask("x")));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::not_found) << missing.error().describe();
  auto embed = config(ModelType::text_embedding, settings("demo-chat"));
  auto wrong = run(provider_->chat(embed, ask("x")));
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind, ErrorKind::invalid_argument);
}

TEST_F(ChatTest, ManyConcurrentStreamsStayApart) {
  auto c = config(ModelType::llm, settings("demo-chat"));
  constexpr int kCalls = 12;
  std::vector<std::optional<Result<models::ChatResult>>> results(kCalls);
  for (int i = 0; i < kCalls; ++i) {
    boost::asio::co_spawn(io_, provider_->chat(c, ask("caller number " + std::to_string(i))),
                          [&results, i](std::exception_ptr e, Result<models::ChatResult> r) {
                            if (e) std::rethrow_exception(e);
                            results[i].emplace(std::move(r));
                          });
  }
  io_.restart();
  io_.run();
  for (int i = 0; i < kCalls; ++i) {
    ASSERT_TRUE(results[i] && *results[i]) << i;
    EXPECT_EQ((*results[i])->content, "You said: caller number " + std::to_string(i));
  }
  EXPECT_EQ(provider_->connections().opened(), 1u);
}

}  // namespace
}  // namespace smp::provider::testing
