#include "gateway/openai_chat_request.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "gateway/openai_error.hpp"

namespace smp::gateway {
namespace {

using models::ChatRole;
using models::ContentPart;

ChatCompletionRequest parse_ok(std::string_view body) {
  auto r = parse_chat_completion_request(body);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return r ? std::move(*r) : ChatCompletionRequest{};
}

ApiError parse_error(std::string_view body) {
  auto r = parse_chat_completion_request(body);
  EXPECT_FALSE(r.has_value());
  return r ? ApiError{} : api_error(r.error());
}

TEST(OpenAiChatRequest, StringAndPartContentWithImages) {
  auto r = parse_ok(R"({"model":"m","messages":[
    {"role":"developer","content":"be brief"},
    {"role":"user","content":[{"type":"text","text":"what is this?"},
      {"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA","detail":"low"}}]}]})");
  EXPECT_EQ(r.model, "m");
  ASSERT_EQ(r.chat.messages.size(), 2u);
  EXPECT_EQ(r.chat.messages[0].role, ChatRole::system);
  EXPECT_EQ(r.chat.messages[0].joined_text(), "be brief");
  ASSERT_EQ(r.chat.messages[1].content.size(), 2u);
  EXPECT_EQ(r.chat.messages[1].content[1].kind, ContentPart::Kind::image_url);
  EXPECT_EQ(r.chat.messages[1].content[1].image_url, "data:image/png;base64,AAAA");
  EXPECT_EQ(r.chat.messages[1].content[1].detail, "low");
  EXPECT_FALSE(r.stream);
  EXPECT_TRUE(r.chat.model.empty());  // the model's config decides what the container sees
}

TEST(OpenAiChatRequest, ToolsHistoryAndChoice) {
  auto r = parse_ok(R"({"model":"m","messages":[
      {"role":"user","content":"weather in Paris?"},
      {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
        "function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},
      {"role":"tool","tool_call_id":"call_1","content":"sunny"}],
    "tools":[{"type":"function","function":{"name":"get_weather","description":"d",
      "parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}],
    "tool_choice":{"type":"function","function":{"name":"get_weather"}},
    "parallel_tool_calls":false})");
  ASSERT_EQ(r.chat.tools.size(), 1u);
  EXPECT_EQ(r.chat.tools[0].name, "get_weather");
  EXPECT_TRUE(r.chat.tools[0].parameters.contains("properties"));
  EXPECT_EQ(r.chat.tool_choice.mode, models::ToolChoice::Mode::function);
  EXPECT_EQ(r.chat.tool_choice.function_name, "get_weather");
  EXPECT_EQ(r.chat.parallel_tool_calls, std::optional<bool>(false));
  const auto& assistant = r.chat.messages[1];
  ASSERT_EQ(assistant.tool_calls.size(), 1u);
  EXPECT_EQ(assistant.tool_calls[0].id, "call_1");
  EXPECT_EQ(assistant.tool_calls[0].arguments, R"({"city":"Paris"})");
  EXPECT_TRUE(assistant.content.empty());
  EXPECT_EQ(r.chat.messages[2].role, ChatRole::tool);
  EXPECT_EQ(r.chat.messages[2].tool_call_id, "call_1");
}

TEST(OpenAiChatRequest, ObjectArgumentsAreSerialized) {
  auto r = parse_ok(R"({"model":"m","messages":[{"role":"assistant","tool_calls":[
      {"id":"a","type":"function","function":{"name":"f","arguments":{"x":1}}}]},
      {"role":"user","content":"go"}]})");
  EXPECT_EQ(r.chat.messages[0].tool_calls[0].arguments, R"({"x":1})");
}

TEST(OpenAiChatRequest, SamplingLimitsStopAndStream) {
  auto r = parse_ok(R"({"model":"m","messages":[{"role":"user","content":"x"}],
    "temperature":0,"top_p":0.5,"max_tokens":10,"max_completion_tokens":20,"stop":"END",
    "stream":true,"stream_options":{"include_usage":true},"n":1})");
  EXPECT_EQ(r.chat.temperature, std::optional<double>(0));
  EXPECT_EQ(r.chat.top_p, std::optional<double>(0.5));
  EXPECT_EQ(r.chat.max_tokens, std::optional<std::int64_t>(20));  // the newer name wins
  EXPECT_EQ(r.chat.stop, std::vector<std::string>{"END"});
  EXPECT_TRUE(r.stream);
  EXPECT_TRUE(r.chat.stream);
  EXPECT_TRUE(r.include_usage);
  auto list = parse_ok(R"({"model":"m","messages":[{"role":"user","content":"x"}],
    "stop":["a","","b"],"max_tokens":5.0})");
  EXPECT_EQ(list.chat.stop, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(list.chat.max_tokens, std::optional<std::int64_t>(5));
}

TEST(OpenAiChatRequest, ResponseFormatJsonSchema) {
  auto r = parse_ok(R"({"model":"m","messages":[{"role":"user","content":"x"}],
    "response_format":{"type":"json_schema","json_schema":{"name":"out","strict":true,
      "schema":{"type":"object"}}}})");
  EXPECT_EQ(r.chat.response_format.kind, models::ResponseFormat::Kind::json_schema);
  EXPECT_EQ(r.chat.response_format.schema_name, "out");
  EXPECT_EQ(r.chat.response_format.strict, std::optional<bool>(true));
  EXPECT_TRUE(r.chat.response_format.schema.is_object());
}

TEST(OpenAiChatRequest, UnknownFieldsPassThroughAndOpenAiOnlyFieldsAreDropped) {
  auto r = parse_ok(R"({"model":"m","messages":[{"role":"user","content":"x"}],
    "user":"u-1","store":false,"metadata":{"a":"b"},"seed":7,
    "chat_template_kwargs":{"enable_thinking":false},"repetition_penalty":1.1,"top_k":null})");
  const auto& extra = r.chat.extra_body;
  EXPECT_FALSE(extra.contains("user"));
  EXPECT_FALSE(extra.contains("store"));
  EXPECT_FALSE(extra.contains("metadata"));
  EXPECT_FALSE(extra.contains("model"));
  EXPECT_FALSE(extra.contains("messages"));
  EXPECT_FALSE(extra.contains("top_k"));  // null means unset
  EXPECT_EQ(extra.at("seed").as_int64(), 7);
  EXPECT_FALSE(extra.at("chat_template_kwargs").at("enable_thinking").as_bool());
  EXPECT_DOUBLE_EQ(extra.at("repetition_penalty").as_double(), 1.1);
}

TEST(OpenAiChatRequest, ErrorsNameTheField) {
  EXPECT_EQ(parse_error("{").code, "invalid_json");
  EXPECT_EQ(parse_error("[1]").status, 400);
  auto missing = parse_error(R"({"messages":[{"role":"user","content":"x"}]})");
  EXPECT_EQ(missing.param, "model");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(missing.type, "invalid_request_error");
  EXPECT_EQ(parse_error(R"({"model":"m","messages":[]})").param, "messages");
  EXPECT_EQ(parse_error(R"({"model":"m","messages":[{"role":"robot","content":"x"}]})").param,
            "messages[0].role");
  EXPECT_EQ(parse_error(R"({"model":"m","messages":[{"role":"user","content":5}]})").param,
            "messages[0].content");
  EXPECT_EQ(parse_error(R"({"model":"m","messages":[{"role":"user","content":[
      {"type":"input_audio","input_audio":{}}]}]})")
                .param,
            "messages[0].content[0].type");
  EXPECT_EQ(parse_error(R"({"model":"m","temperature":"hot",
      "messages":[{"role":"user","content":"x"}]})")
                .param,
            "temperature");
  EXPECT_EQ(parse_error(R"({"model":"m","max_tokens":0,
      "messages":[{"role":"user","content":"x"}]})")
                .param,
            "max_tokens");
  EXPECT_EQ(parse_error(R"({"model":"m","n":2,"messages":[{"role":"user","content":"x"}]})").param,
            "n");
  EXPECT_EQ(parse_error(R"({"model":"m","tools":[{"type":"function","function":{}}],
      "messages":[{"role":"user","content":"x"}]})")
                .param,
            "tools[0].function.name");
  EXPECT_EQ(
      parse_error(R"({"model":"m","stop":[1],"messages":[{"role":"user","content":"x"}]})").param,
      "stop[0]");
}

TEST(OpenAiCompletionRequest, PromptBecomesOneUserMessage) {
  auto r = parse_completion_request(R"({"model":"m","prompt":["Once upon"],"logprobs":2})");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->chat.messages.size(), 1u);
  EXPECT_EQ(r->chat.messages[0].joined_text(), "Once upon");
  EXPECT_EQ(r->chat.max_tokens, std::optional<std::int64_t>(16));  // OpenAI's default
  EXPECT_FALSE(r->chat.extra_body.contains("prompt"));
  EXPECT_FALSE(r->chat.extra_body.contains("logprobs"));
  auto several = parse_completion_request(R"({"model":"m","prompt":["a","b"]})");
  ASSERT_FALSE(several);
  EXPECT_EQ(api_error(several.error()).param, "prompt");
  auto tokens = parse_completion_request(R"({"model":"m","prompt":[1,2,3]})");
  ASSERT_FALSE(tokens);
  EXPECT_FALSE(parse_completion_request(R"({"model":"m","prompt":"x","echo":true})"));
}

}  // namespace
}  // namespace smp::gateway
