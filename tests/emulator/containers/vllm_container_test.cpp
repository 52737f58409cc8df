// Golden tests of the vllm container against user-needs §2.1/§2.2.
#include <gtest/gtest.h>

#include "emulator/containers/container_test_support.hpp"

namespace smp::emulator {
namespace {

using testing::invoke;
using testing::parse;
using testing::sse_payloads;
namespace json = boost::json;

constexpr std::string_view kWeatherTool = R"([{"type":"function","function":{"name":"get_weather",
  "description":"Current weather","parameters":{"type":"object","properties":{
  "city":{"type":"string"},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},
  "required":["city","unit"]}}}])";

TEST(VllmContainer, ChatCompletionEchoesTheLastUserMessageWithUsage) {
  const auto out = invoke("vllm", R"({"model":"Qwen/Qwen2.5-7B-Instruct","messages":[
      {"role":"system","content":"Be brief."},{"role":"user","content":"Hello there"}],
      "max_tokens":512,"temperature":0.1,"top_p":0.9,"stop":null})");
  ASSERT_EQ(out.status, 200);
  EXPECT_EQ(out.content_type, "application/json");
  EXPECT_FALSE(out.streamed());
  const json::object body = parse(out.body).as_object();
  EXPECT_EQ(body.at("object"), "chat.completion");
  EXPECT_EQ(body.at("model"), "Qwen/Qwen2.5-7B-Instruct");
  EXPECT_EQ(body.at("created"), 1767225600);
  EXPECT_TRUE(body.at("id").as_string().starts_with("chatcmpl-"));
  const auto& choice = body.at("choices").as_array().at(0).as_object();
  EXPECT_EQ(choice.at("finish_reason"), "stop");
  EXPECT_TRUE(choice.at("stop_reason").is_null());
  const auto& message = choice.at("message").as_object();
  EXPECT_EQ(message.at("role"), "assistant");
  EXPECT_EQ(message.at("content"), "You said: Hello there");
  EXPECT_TRUE(message.at("reasoning").is_null());
  EXPECT_TRUE(message.at("tool_calls").as_array().empty());
  const auto& usage = body.at("usage").as_object();
  // "You said: Hello there" = You | said | : | Hello | there; prompt = (3+4) + (2+4) + 2.
  EXPECT_EQ(usage.at("completion_tokens"), 5);
  EXPECT_EQ(usage.at("prompt_tokens"), 15);
  EXPECT_EQ(usage.at("total_tokens"), 20);
}

TEST(VllmContainer, StreamIsSseWithASpaceRoleFirstFinishOnLastDeltaThenDone) {
  const auto out =
      invoke("vllm", R"({"messages":[{"role":"user","content":"Hi you"}],"stream":true})");
  ASSERT_EQ(out.status, 200);
  EXPECT_EQ(out.content_type, "text/event-stream; charset=utf-8");
  ASSERT_TRUE(out.streamed());
  // One record per write, each a complete event.
  for (const auto& record : out.stream_records) {
    EXPECT_TRUE(record.starts_with("data: ")) << record;
    EXPECT_TRUE(record.ends_with("\n\n")) << record;
  }
  const auto payloads = sse_payloads(out.joined_stream(), true);
  ASSERT_EQ(payloads.back(), "[DONE]");
  std::string content;
  for (std::size_t i = 0; i + 1 < payloads.size(); ++i) {
    const auto chunk = parse(payloads[i]).as_object();
    EXPECT_EQ(chunk.at("object"), "chat.completion.chunk");
    const auto& choice = chunk.at("choices").as_array().at(0).as_object();
    const auto& delta = choice.at("delta").as_object();
    if (i == 0) {
      EXPECT_EQ(delta.at("role"), "assistant");
    }
    if (const auto* piece = delta.if_contains("content")) content += piece->as_string();
    const bool last = i + 2 == payloads.size();
    EXPECT_EQ(choice.at("finish_reason").is_null(), !last);
    if (last) {
      EXPECT_EQ(choice.at("finish_reason"), "stop");
    }
  }
  EXPECT_EQ(content, "You said: Hi you");
  // The exact bytes of the first event, as vLLM writes it.
  EXPECT_EQ(out.stream_records.front().substr(0, 21), "data: {\"id\":\"chatcmpl");
  EXPECT_NE(
      out.stream_records.front().find(
          R"("choices":[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]})"),
      std::string::npos);
  EXPECT_EQ(out.stream_records.back(), "data: [DONE]\n\n");
}

TEST(VllmContainer, IncludeUsageAddsAFinalChunkWithEmptyChoices) {
  const auto out = invoke("vllm", R"({"messages":[{"role":"user","content":"count me"}],
      "stream":true,"stream_options":{"include_usage":true}})");
  const auto payloads = sse_payloads(out.joined_stream(), true);
  ASSERT_GE(payloads.size(), 3u);
  const auto usage_chunk = parse(payloads[payloads.size() - 2]).as_object();
  EXPECT_TRUE(usage_chunk.at("choices").as_array().empty());
  EXPECT_EQ(usage_chunk.at("usage").at("completion_tokens"), 5);  // You said : count me
  // No other chunk carries usage.
  for (std::size_t i = 0; i + 2 < payloads.size(); ++i) {
    EXPECT_FALSE(parse(payloads[i]).as_object().contains("usage"));
  }
}

TEST(VllmContainer, ReasoningModelsThinkFirstInTheConfiguredField) {
  ContainerOptions old_vllm;
  old_vllm.reasoning_field = "reasoning_content";
  const auto out = invoke(
      "vllm", R"({"model":"deepseek-r1-distill","messages":[{"role":"user","content":"Why?"}]})",
      old_vllm);
  const auto message = parse(out.body).at("choices").at(0).at("message").as_object();
  EXPECT_FALSE(message.contains("reasoning"));
  EXPECT_EQ(message.at("reasoning_content"), "The user wrote \"Why?\". I will repeat it back.");
  EXPECT_EQ(message.at("content"), "You said: Why?");

  const auto streamed = invoke("vllm", R"({"model":"Qwen/Qwen3-8B","stream":true,
      "messages":[{"role":"user","content":"Why?"}]})");
  std::string reasoning, content;
  bool content_started = false;
  for (const auto& payload : sse_payloads(streamed.joined_stream(), true)) {
    if (payload == "[DONE]") break;
    const auto chunk = parse(payload);
    const auto& delta = chunk.at("choices").at(0).at("delta").as_object();
    if (const auto* r = delta.if_contains("reasoning")) {
      EXPECT_FALSE(content_started) << "reasoning after content";
      reasoning += r->as_string();
    }
    if (const auto* c = delta.if_contains("content")) {
      content += c->as_string();
      if (!c->as_string().empty()) content_started = true;
    }
  }
  EXPECT_EQ(reasoning, "The user wrote \"Why?\". I will repeat it back.");
  EXPECT_EQ(content, "You said: Why?");

  // enable_thinking=false switches a reasoning model off.
  const auto off =
      invoke("vllm", R"({"model":"Qwen/Qwen3-8B","chat_template_kwargs":{"enable_thinking":false},
      "messages":[{"role":"user","content":"Why?"}]})");
  EXPECT_TRUE(parse(off.body).at("choices").at(0).at("message").at("reasoning").is_null());
}

TEST(VllmContainer, CallsAMatchingToolWithSchemaArguments) {
  const std::string body =
      std::string(
          R"({"messages":[{"role":"user","content":"What's the weather in Paris?"}],"tools":)") +
      std::string(kWeatherTool) + "}";
  const auto out = invoke("vllm", body);
  const auto parsed = parse(out.body);
  const auto& choice = parsed.at("choices").at(0).as_object();
  EXPECT_EQ(choice.at("finish_reason"), "tool_calls");
  const auto& message = choice.at("message").as_object();
  EXPECT_TRUE(message.at("content").is_null());
  const auto& call = message.at("tool_calls").at(0).as_object();
  EXPECT_TRUE(call.at("id").as_string().starts_with("chatcmpl-tool-"));
  EXPECT_EQ(call.at("type"), "function");
  EXPECT_EQ(call.at("function").at("name"), "get_weather");
  EXPECT_EQ(call.at("function").at("arguments"), R"({"city": "Paris", "unit": "celsius"})");

  // tool_choice none: no call, an echo instead.
  const auto none = invoke("vllm", body.substr(0, body.size() - 1) + R"(,"tool_choice":"none"})");
  EXPECT_EQ(parse(none.body).at("choices").at(0).at("finish_reason"), "stop");
}

TEST(VllmContainer, StreamedToolCallSendsIdAndNameOnceThenArgumentFragments) {
  const std::string body =
      std::string(
          R"({"stream":true,"messages":[{"role":"user","content":"weather in Oslo"}],"tools":)") +
      std::string(kWeatherTool) + "}";
  const auto out = invoke("vllm", body);
  std::string arguments, id, name, finish;
  int deltas_with_id = 0;
  for (const auto& payload : sse_payloads(out.joined_stream(), true)) {
    if (payload == "[DONE]") break;
    const auto chunk = parse(payload);
    const auto& choice = chunk.at("choices").at(0).as_object();
    if (!choice.at("finish_reason").is_null()) finish = choice.at("finish_reason").as_string();
    const auto* calls = choice.at("delta").as_object().if_contains("tool_calls");
    if (!calls) continue;
    const auto& call = calls->at(0).as_object();
    EXPECT_EQ(call.at("index"), 0);
    if (const auto* call_id = call.if_contains("id")) {
      ++deltas_with_id;
      id = call_id->as_string();
      name = call.at("function").at("name").as_string();
    }
    if (const auto* args = call.at("function").as_object().if_contains("arguments")) {
      arguments += args->as_string();
    }
  }
  EXPECT_EQ(deltas_with_id, 1);
  EXPECT_TRUE(id.starts_with("chatcmpl-tool-"));
  EXPECT_EQ(name, "get_weather");
  EXPECT_EQ(arguments, R"({"city": "Oslo", "unit": "celsius"})");
  EXPECT_EQ(finish, "tool_calls");
}

TEST(VllmContainer, AnswersFromAToolResult) {
  const auto out = invoke("vllm", R"({"messages":[
      {"role":"user","content":"weather in Paris?"},
      {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
        "function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
      {"role":"tool","tool_call_id":"call_1","content":"18 C and sunny"}]})");
  EXPECT_EQ(parse(out.body).at("choices").at(0).at("message").at("content"),
            "The get_weather tool returned: 18 C and sunny");
}

TEST(VllmContainer, MaxTokensCutsWithLengthAndStopSequencesWithTheirReason) {
  const auto cut = invoke(
      "vllm", R"({"messages":[{"role":"user","content":"one two three four"}],"max_tokens":3})");
  const auto cut_body = parse(cut.body);
  const auto& choice = cut_body.at("choices").at(0).as_object();
  EXPECT_EQ(choice.at("finish_reason"), "length");
  EXPECT_EQ(choice.at("message").at("content"), "You said:");
  EXPECT_EQ(parse(cut.body).at("usage").at("completion_tokens"), 3);

  const auto stopped = invoke(
      "vllm", R"({"messages":[{"role":"user","content":"alpha STOP beta"}],"stop":["STOP"]})");
  const auto stopped_body = parse(stopped.body);
  const auto& stop_choice = stopped_body.at("choices").at(0).as_object();
  EXPECT_EQ(stop_choice.at("finish_reason"), "stop");
  EXPECT_EQ(stop_choice.at("stop_reason"), "STOP");
  EXPECT_EQ(stop_choice.at("message").at("content"), "You said: alpha ");
}

TEST(VllmContainer, CompletionsPromptAnswersTheLastLine) {
  const auto out = invoke(
      "vllm",
      R"({"prompt":"<|im_start|>user\nTell me a joke<|im_end|>\n<|im_start|>assistant\n","max_tokens":1024,"stream":false})");
  const auto body = parse(out.body).as_object();
  EXPECT_EQ(body.at("object"), "text_completion");
  EXPECT_TRUE(body.at("id").as_string().starts_with("cmpl-"));
  EXPECT_EQ(body.at("choices").at(0).at("text"), "You said: Tell me a joke");

  const auto streamed = invoke("vllm", R"({"prompt":"hi","stream":true})");
  std::string text;
  for (const auto& payload : sse_payloads(streamed.joined_stream(), true)) {
    if (payload != "[DONE]") text += parse(payload).at("choices").at(0).at("text").as_string();
  }
  EXPECT_EQ(text, "You said: hi");
}

TEST(VllmContainer, NativeRouterEmbeddingsAndRerank) {
  const auto embed = invoke("vllm", R"({"model":"bge","input":["a cat","a cat"]})");
  const auto body = parse(embed.body).as_object();
  EXPECT_EQ(body.at("object"), "list");
  const auto& data = body.at("data").as_array();
  ASSERT_EQ(data.size(), 2u);
  EXPECT_EQ(data[1].at("index"), 1);
  EXPECT_EQ(data[0].at("embedding").as_array().size(), 1024u);
  EXPECT_EQ(data[0].at("embedding"), data[1].at("embedding"));

  const auto rerank = invoke(
      "vllm",
      R"({"model":"m","query":"paris weather","documents":["rome food","paris weather today"],"top_n":1})");
  const auto results = parse(rerank.body).at("results").as_array();
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].at("index"), 1);
  EXPECT_EQ(results[0].at("document").at("text"), "paris weather today");
  EXPECT_GT(results[0].at("relevance_score").as_double(), 0.5);
}

TEST(VllmContainer, ErrorsUseTheOpenAiEnvelope) {
  const auto bad_json = invoke("vllm", "{not json");
  EXPECT_EQ(bad_json.status, 400);
  const auto error = parse(bad_json.body).at("error").as_object();
  EXPECT_EQ(error.at("code"), 400);
  EXPECT_EQ(error.at("message"), "JSON decode error: Expecting value: line 1 column 2 (char 1)");

  const auto unknown = invoke("vllm", R"({"foo":1})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_TRUE(parse(unknown.body)
                  .at("error")
                  .at("message")
                  .as_string()
                  .starts_with("Cannot find suitable handler for request."));

  const auto no_role = invoke("vllm", R"({"messages":[{"content":"x"}]})");
  EXPECT_EQ(no_role.status, 400);
  EXPECT_NE(parse(no_role.body).at("error").at("message").as_string().find("messages.0.role"),
            std::string::npos);

  ContainerOptions strict;
  strict.model_id = "served";
  strict.extra["strict_model"] = "true";
  const auto wrong_model = invoke("vllm", R"({"model":"other","messages":[]})", strict);
  EXPECT_EQ(wrong_model.status, 404);
  EXPECT_EQ(parse(wrong_model.body).at("error").at("message"), "The model `other` does not exist.");
}

TEST(VllmContainer, SameRequestAndSeedGiveTheSameBytes) {
  const std::string body = R"({"messages":[{"role":"user","content":"x"}],"stream":true})";
  EXPECT_EQ(invoke("vllm", body).joined_stream(), invoke("vllm", body).joined_stream());
}

}  // namespace
}  // namespace smp::emulator
