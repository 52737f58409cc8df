#include "models/llm/text_generation.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "models/llm/chat_codec.hpp"

namespace smp::models {
namespace {

namespace json = boost::json;

ChatRequest simple_request() {
  ChatRequest r;
  r.messages.push_back(ChatMessage::text(ChatRole::system, "You are terse."));
  r.messages.push_back(ChatMessage::text(ChatRole::user, "What is Deep Learning?"));
  r.max_tokens = 256;
  r.temperature = 0.7;
  r.top_p = 0.9;
  r.stop = {"</s>"};
  return r;
}

constexpr std::string_view kChatMlPrompt =
    "<|im_start|>system\nYou are terse.<|im_end|>\n"
    "<|im_start|>user\nWhat is Deep Learning?<|im_end|>\n"
    "<|im_start|>assistant\n";

TEST(TextGenerationRequest, LmiInputsAndParameters) {
  auto built = text_generation::build_request(text_generation::Dialect::lmi, simple_request());
  ASSERT_TRUE(built);
  EXPECT_EQ(*built,
            std::string(R"({"inputs":")") + json::serialize(json::value(kChatMlPrompt)).substr(1) +
                R"(,"parameters":{"max_new_tokens":256,"do_sample":true,"temperature":7E-1,)"
                R"("top_p":9E-1,"stop_sequences":["</s>","<|im_end|>"],"details":true,)"
                R"("return_full_text":false},"stream":true})");
}

TEST(TextGenerationRequest, TgiStopKeyGreedyTemperatureAndTopPRange) {
  ChatRequest r = simple_request();
  r.temperature = 0.0;
  r.top_p = 1.0;
  r.stream = false;
  const json::value body =
      json::parse(*text_generation::build_request(text_generation::Dialect::tgi, r));
  EXPECT_EQ(body.at("inputs").as_string(), kChatMlPrompt);
  const auto& parameters = body.at("parameters").as_object();
  // TGI rejects temperature 0 and top_p 1: greedy decoding instead, no top_p.
  EXPECT_EQ(parameters.at("do_sample"), false);
  EXPECT_EQ(parameters.if_contains("temperature"), nullptr);
  EXPECT_EQ(parameters.if_contains("top_p"), nullptr);
  EXPECT_EQ(json::serialize(parameters.at("stop")), R"(["</s>","<|im_end|>"])");
  EXPECT_EQ(parameters.if_contains("stop_sequences"), nullptr);
  EXPECT_EQ(body.at("stream"), false);
}

TEST(TextGenerationRequest, GrammarExtraParametersAndDefaultMaxTokens) {
  ChatRequest r = simple_request();
  r.max_tokens.reset();
  r.response_format.kind = ResponseFormat::Kind::json_schema;
  r.response_format.schema = json::parse(R"({"type":"object","required":["a"]})");
  r.extra_body["repetition_penalty"] = 1.1;
  r.extra_body["parameters"] = json::parse(R"({"seed":42})");
  const json::value body = json::parse(*text_generation::build_request(
      text_generation::Dialect::tgi, r, {ChatTemplate::chatml(), 512}));
  const auto& parameters = body.at("parameters").as_object();
  EXPECT_EQ(parameters.at("max_new_tokens"), 512);
  EXPECT_EQ(json::serialize(parameters.at("grammar")),
            R"({"type":"json","value":{"type":"object","required":["a"]}})");
  EXPECT_EQ(parameters.at("repetition_penalty"), 1.1);
  EXPECT_EQ(parameters.at("seed"), 42);
}

TEST(TextGenerationRequest, ToolsAlwaysTravelInThePrompt) {
  ChatRequest r = simple_request();
  ToolDefinition tool;
  tool.name = "search";
  tool.parameters = json::parse(R"({"type":"object"})").as_object();
  r.tools.push_back(tool);
  const json::value body = json::parse(*build_chat_request(ChatFormat::lmi, r));
  const std::string inputs(body.at("inputs").as_string());
  EXPECT_TRUE(inputs.starts_with("<|im_start|>system\nYou are terse.\n\n# Tools\n"));
  EXPECT_NE(
      inputs.find(
          R"({"type":"function","function":{"name":"search","parameters":{"type":"object"}}})"),
      std::string::npos);
  EXPECT_TRUE(tools_travel_in_prompt(ChatFormat::lmi, r, {}));
  EXPECT_FALSE(tools_travel_in_prompt(ChatFormat::openai, r, {}));
}

TEST(TextGenerationRequest, BadRequestsAreInvalidArguments) {
  EXPECT_EQ(
      text_generation::build_request(text_generation::Dialect::tgi, ChatRequest{}).error().code,
      "EmptyChat");
  ChatRequest unnamed = simple_request();
  unnamed.tools.push_back({});
  EXPECT_EQ(build_chat_request(ChatFormat::lmi, unnamed).error().code, "InvalidTool");
}

TEST(TextGenerationResponse, TgiArray) {
  auto tgi = read_chat_response(ChatFormat::tgi,
                                R"([{"generated_text":" Deep learning is a subset of ML."}])");
  ASSERT_TRUE(tgi) << tgi.error().message;
  // Bytes are kept as generated, leading space included.
  EXPECT_EQ(tgi->result.content, " Deep learning is a subset of ML.");
  EXPECT_EQ(tgi->result.finish_reason, "stop");
}

TEST(TextGenerationResponse, LmiObjectWithDetails) {
  auto lmi = read_chat_response(
      ChatFormat::automatic,
      R"({"generated_text":"Deep learning is","details":{"finish_reason":"length","generated_tokens":3}})");
  ASSERT_TRUE(lmi) << lmi.error().message;
  EXPECT_EQ(lmi->format, ChatFormat::lmi);
  EXPECT_EQ(lmi->result.content, "Deep learning is");
  EXPECT_EQ(lmi->result.finish_reason, "length");
  EXPECT_EQ(lmi->result.usage.completion_tokens, 3);
  EXPECT_TRUE(lmi->result.usage.estimated);
  auto tgi = read_chat_response(ChatFormat::automatic, R"([{"generated_text":"x"}])");
  ASSERT_TRUE(tgi);
  EXPECT_EQ(tgi->format, ChatFormat::tgi);
}

TEST(TextGenerationResponse, ContainerErrorsKeepTheirMessage) {
  auto lmi = read_chat_response(
      ChatFormat::lmi,
      R"({"code":400,"type":"TranslateException","message":"Missing \"inputs\" in json."})");
  ASSERT_FALSE(lmi);
  EXPECT_EQ(lmi.error().kind, ErrorKind::model);
  EXPECT_NE(lmi.error().message.find("Missing \"inputs\" in json."), std::string::npos);
  EXPECT_EQ(format_hint_from_rejection(lmi.error().message), ChatFormat::lmi);

  auto tgi = read_chat_response(
      ChatFormat::tgi,
      R"({"error":"Input validation error: `inputs` must have less than 4096 tokens","error_type":"validation"})");
  ASSERT_FALSE(tgi);
  EXPECT_NE(tgi.error().message.find("tokens (validation)"), std::string::npos);

  auto wrong = read_chat_response(ChatFormat::tgi, R"({"predictions":["x"]})");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message,
            "tgi generate: expected {\"generated_text\": …} or [{\"generated_text\": …}], got an "
            "object with keys [predictions]");
}

}  // namespace
}  // namespace smp::models
