#include "models/llm/openai_chat.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "models/llm/chat_codec.hpp"

namespace smp::models {
namespace {

namespace json = boost::json;

json::value body_of(const Result<std::string>& built) {
  EXPECT_TRUE(built.has_value()) << (built ? "" : built.error().message);
  return built ? json::parse(*built) : json::value();
}

ChatRequest full_request() {
  ChatRequest r;
  r.model = "Qwen/Qwen3-VL-8B-Instruct";
  r.messages.push_back(ChatMessage::text(ChatRole::system, "Be brief."));
  ChatMessage user;
  user.role = ChatRole::user;
  user.content.push_back(ContentPart::from_text("What is in this image?"));
  user.content.push_back(ContentPart::from_image("data:image/png;base64,iVBORw0KGgo=", "high"));
  r.messages.push_back(user);
  ChatMessage assistant;
  assistant.role = ChatRole::assistant;
  assistant.tool_calls.push_back({"call_1", "lookup", "{\"q\":\"cat\"}"});
  r.messages.push_back(assistant);
  r.messages.push_back(ChatMessage::tool_result("call_1", "a cat"));
  ToolDefinition tool;
  tool.name = "lookup";
  tool.description = "Look a word up";
  tool.parameters =
      json::parse(R"({"type":"object","properties":{"q":{"type":"string"}}})").as_object();
  r.tools.push_back(tool);
  r.tool_choice.mode = ToolChoice::Mode::function;
  r.tool_choice.function_name = "lookup";
  r.parallel_tool_calls = false;
  r.stop = {"\n\n"};
  r.temperature = 0.2;
  r.top_p = 0.9;
  r.max_tokens = 256;
  r.response_format.kind = ResponseFormat::Kind::json_schema;
  r.response_format.schema_name = "answer";
  r.response_format.schema = json::parse(R"({"type":"object"})");
  r.response_format.strict = true;
  r.extra_body["chat_template_kwargs"] = json::parse(R"({"enable_thinking":false})");
  r.extra_body["temperature"] = 0.5;  // extra body wins
  return r;
}

TEST(OpenAiChatRequest, EveryFieldOnTheWire) {
  const json::value body = body_of(openai_chat::build_request(full_request()));
  EXPECT_EQ(body.at("model"), "Qwen/Qwen3-VL-8B-Instruct");
  const auto& messages = body.at("messages").as_array();
  ASSERT_EQ(messages.size(), 4u);
  EXPECT_EQ(json::serialize(messages[0]), R"({"role":"system","content":"Be brief."})");
  EXPECT_EQ(
      json::serialize(messages[1].at("content")),
      R"([{"type":"text","text":"What is in this image?"},)"
      R"({"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"}}])");
  EXPECT_EQ(json::serialize(messages[2]),
            R"({"role":"assistant","content":"","tool_calls":[{"id":"call_1","type":"function",)"
            R"("function":{"name":"lookup","arguments":"{\"q\":\"cat\"}"}}]})");
  EXPECT_EQ(json::serialize(messages[3]),
            R"({"role":"tool","content":"a cat","tool_call_id":"call_1"})");
  EXPECT_EQ(json::serialize(body.at("tools")),
            R"([{"type":"function","function":{"name":"lookup","description":"Look a word up",)"
            R"("parameters":{"type":"object","properties":{"q":{"type":"string"}}}}}])");
  EXPECT_EQ(json::serialize(body.at("tool_choice")),
            R"({"type":"function","function":{"name":"lookup"}})");
  EXPECT_EQ(body.at("parallel_tool_calls"), false);
  EXPECT_EQ(json::serialize(body.at("stop")), R"(["\n\n"])");
  EXPECT_EQ(body.at("top_p"), 0.9);
  EXPECT_EQ(body.at("max_tokens"), 256);
  EXPECT_EQ(
      json::serialize(body.at("response_format")),
      R"({"type":"json_schema","json_schema":{"name":"answer","schema":{"type":"object"},"strict":true}})");
  EXPECT_EQ(body.at("stream"), true);
  EXPECT_EQ(json::serialize(body.at("stream_options")), R"({"include_usage":true})");
  EXPECT_EQ(json::serialize(body.at("chat_template_kwargs")), R"({"enable_thinking":false})");
  EXPECT_EQ(body.at("temperature"), 0.5);
}

TEST(OpenAiChatRequest, MinimalBodyExactBytes) {
  ChatRequest r;
  r.model = "m";
  r.messages.push_back(ChatMessage::text(ChatRole::user, "Hi"));
  EXPECT_EQ(*openai_chat::build_request(r),
            R"({"model":"m","messages":[{"role":"user","content":"Hi"}],"stream":true,)"
            R"("stream_options":{"include_usage":true}})");
  r.model.clear();
  r.stream = false;
  // No model when none is configured, never "stop": null, no stream_options without a stream.
  EXPECT_EQ(*openai_chat::build_request(r),
            R"({"messages":[{"role":"user","content":"Hi"}],"stream":false})");
  r.stream = true;
  EXPECT_EQ(*openai_chat::build_request(r, {.include_usage = false}),
            R"({"messages":[{"role":"user","content":"Hi"}],"stream":true})");
}

TEST(OpenAiChatRequest, ToolsInPromptForContainersWithoutAToolParser) {
  const json::value body =
      body_of(openai_chat::build_request(full_request(), {.tools_in_prompt = true}));
  EXPECT_EQ(body.as_object().if_contains("tools"), nullptr);
  EXPECT_EQ(body.as_object().if_contains("tool_choice"), nullptr);
  const auto& messages = body.at("messages").as_array();
  ASSERT_EQ(messages.size(), 4u);
  const std::string system(messages[0].at("content").as_string());
  EXPECT_TRUE(system.starts_with("Be brief.\n\n# Tools"));
  EXPECT_NE(system.find(R"({"type":"function","function":{"name":"lookup")"), std::string::npos);
  EXPECT_NE(system.find("You must call the function lookup."), std::string::npos);
  EXPECT_EQ(messages[2].at("content"),
            "<tool_call>\n{\"name\":\"lookup\",\"arguments\":{\"q\":\"cat\"}}\n</tool_call>");
  EXPECT_EQ(messages[2].as_object().if_contains("tool_calls"), nullptr);
  EXPECT_EQ(messages[3].at("role"), "user");
  EXPECT_EQ(messages[3].at("content"), "<tool_response>\na cat\n</tool_response>");
}

TEST(OpenAiChatRequest, BadRequestsAreInvalidArguments) {
  ChatRequest empty;
  auto built = openai_chat::build_request(empty);
  ASSERT_FALSE(built);
  EXPECT_EQ(built.error().kind, ErrorKind::invalid_argument);
  ChatRequest unnamed = full_request();
  unnamed.tools[0].name.clear();
  EXPECT_EQ(openai_chat::build_request(unnamed).error().code, "InvalidTool");
}

TEST(OpenAiChatResponse, VllmCompletionWithReasoningAndToolCalls) {
  const std::string body = R"({"id":"chatcmpl-1","object":"chat.completion","choices":[{"index":0,
    "message":{"role":"assistant","content":null,"reasoning":"Need the weather.",
    "tool_calls":[{"id":"chatcmpl-tool-1","type":"function","function":{"name":"get_weather",
    "arguments":"{\"city\": \"Paris\"}"}}]},"finish_reason":"tool_calls"}],
    "usage":{"prompt_tokens":100,"completion_tokens":20,"total_tokens":120}})";
  auto reply = read_chat_response(ChatFormat::openai, body);
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->result.content, "");
  EXPECT_EQ(reply->result.reasoning, "Need the weather.");
  ASSERT_EQ(reply->result.tool_calls.size(), 1u);
  EXPECT_EQ(reply->result.tool_calls[0],
            (ToolCall{"chatcmpl-tool-1", "get_weather", "{\"city\": \"Paris\"}"}));
  EXPECT_EQ(reply->result.finish_reason, "tool_calls");
  EXPECT_EQ(reply->result.usage, (Usage{100, 20, 120, false}));
}

TEST(OpenAiChatResponse, TgiMessagesArgumentsAsObjectAndLmiFinishReason) {
  const std::string tgi = R"({"object":"chat.completion","choices":[{"index":0,"message":{
    "role":"assistant","tool_calls":[{"id":"0","type":"function","function":{"description":null,
    "name":"get_time","arguments":{"tz":"CET"}}}]},"finish_reason":"eos_token"}]})";
  auto reply = read_chat_response(ChatFormat::automatic, tgi);
  ASSERT_TRUE(reply) << reply.error().message;
  EXPECT_EQ(reply->format, ChatFormat::openai);
  EXPECT_EQ(reply->result.tool_calls[0].arguments, R"({"tz":"CET"})");
  // eos_token → stop, and tool calls make it tool_calls.
  EXPECT_EQ(reply->result.finish_reason, "tool_calls");
  EXPECT_TRUE(reply->result.usage.estimated);
}

TEST(OpenAiChatResponse, ReasoningContentNullIsTolerated) {
  const std::string body = R"({"choices":[{"index":0,"message":{"role":"assistant",
    "content":"Hi","reasoning_content":null},"finish_reason":"stop"}]})";
  auto reply = read_chat_response(ChatFormat::openai, body);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->result.content, "Hi");
  EXPECT_EQ(reply->result.reasoning, "");
}

TEST(OpenAiChatResponse, InlineThinkWithoutOpeningTag) {
  // DeepSeek-R1's template opens <think> in the prompt; the reply starts inside reasoning.
  const std::string body = R"({"choices":[{"index":0,"message":{"role":"assistant",
    "content":"The user greets me.\n</think>\n\nHello!"},"finish_reason":"stop"}]})";
  auto reply = read_chat_response(ChatFormat::openai, body);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->result.reasoning, "The user greets me.");
  EXPECT_EQ(reply->result.content, "Hello!");
}

TEST(OpenAiChatResponse, ErrorBodiesAndWrongShapes) {
  auto vllm_error = read_chat_response(
      ChatFormat::openai,
      R"({"object":"error","message":"The model `x` does not exist.","type":"NotFoundError","param":null,"code":404})");
  ASSERT_FALSE(vllm_error);
  EXPECT_EQ(vllm_error.error().kind, ErrorKind::model);
  EXPECT_EQ(vllm_error.error().code, "ContainerError");
  EXPECT_NE(vllm_error.error().message.find("The model `x` does not exist."), std::string::npos);

  auto wrong = read_chat_response(ChatFormat::openai, R"([{"generated_text":"hi"}])");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind, ErrorKind::protocol);
  EXPECT_EQ(wrong.error().message,
            "openai chat: expected a chat.completion object with choices[0].message, got an array "
            "of 1 element (the first is an object with keys [generated_text])");
  ASSERT_NE(wrong.error().detail("body"), nullptr);
  EXPECT_EQ(*wrong.error().detail("body"), R"([{"generated_text":"hi"}])");

  auto not_json = read_chat_response(ChatFormat::openai, "<html>" + std::string(300, 'x'));
  ASSERT_FALSE(not_json);
  EXPECT_EQ(not_json.error().code, "InvalidJson");
  EXPECT_LE(not_json.error().detail("body")->size(), 203u);
}

}  // namespace
}  // namespace smp::models
