#include "models/llm/chat_template.hpp"

#include <gtest/gtest.h>

#include "models/llm/tool_prompt.hpp"

namespace smp::models {
namespace {

std::vector<ChatMessage> conversation() {
  std::vector<ChatMessage> m;
  m.push_back(ChatMessage::text(ChatRole::system, "Sys"));
  m.push_back(ChatMessage::text(ChatRole::user, "Hi"));
  m.push_back(ChatMessage::text(ChatRole::assistant, "Hello"));
  m.push_back(ChatMessage::text(ChatRole::user, "Bye"));
  return m;
}

TEST(ChatTemplate, ChatMl) {
  EXPECT_EQ(render_prompt(ChatTemplate::chatml(), conversation()),
            "<|im_start|>system\nSys<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
            "<|im_start|>assistant\nHello<|im_end|>\n<|im_start|>user\nBye<|im_end|>\n"
            "<|im_start|>assistant\n");
}

TEST(ChatTemplate, Llama3) {
  EXPECT_EQ(render_prompt(ChatTemplate::llama3(), conversation()),
            "<|start_header_id|>system<|end_header_id|>\n\nSys<|eot_id|>"
            "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
            "<|start_header_id|>assistant<|end_header_id|>\n\nHello<|eot_id|>"
            "<|start_header_id|>user<|end_header_id|>\n\nBye<|eot_id|>"
            "<|start_header_id|>assistant<|end_header_id|>\n\n");
}

TEST(ChatTemplate, MistralFoldsSystemIntoFirstUserTurn) {
  EXPECT_EQ(render_prompt(ChatTemplate::mistral(), conversation()),
            "[INST] Sys\n\nHi [/INST]Hello</s>[INST] Bye [/INST]");
}

TEST(ChatTemplate, ImagesBecomeMarkdown) {
  ChatMessage m;
  m.content.push_back(ContentPart::from_text("Describe"));
  m.content.push_back(ContentPart::from_image("https://x/cat.png"));
  EXPECT_EQ(render_prompt(ChatTemplate::mistral(), {m}),
            "[INST] Describe\n![](https://x/cat.png) [/INST]");
}

TEST(ChatTemplate, FromJsonAndNamed) {
  auto t = ChatTemplate::from_json(
      R"({"user_prefix":"U: ","user_suffix":"\n","assistant_prefix":"A: ","assistant_suffix":"\n",
          "generation_prompt":"A:","system_in_first_user":true,"stop":["\nU:"]})");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(render_prompt(*t, conversation()), "U: Sys\n\nHi\nA: Hello\nU: Bye\nA:");
  EXPECT_EQ(t->stop, std::vector<std::string>{"\nU:"});
  EXPECT_TRUE(ChatTemplate::named("llama3"));

  auto typo = ChatTemplate::from_json(R"({"user_prefx":"U: "})");
  ASSERT_FALSE(typo);
  EXPECT_EQ(typo.error().kind, ErrorKind::invalid_argument);
  EXPECT_NE(typo.error().message.find("user_prefx"), std::string::npos);
  EXPECT_FALSE(ChatTemplate::from_json("[1]"));
  EXPECT_FALSE(ChatTemplate::from_json("{"));
  EXPECT_FALSE(ChatTemplate::named("vicuna"));
}

TEST(ToolPrompt, HistoryReplayedAsText) {
  ChatRequest r;
  r.messages.push_back(ChatMessage::text(ChatRole::user, "Weather in Paris and Rome?"));
  ChatMessage assistant = ChatMessage::text(ChatRole::assistant, "Checking.");
  assistant.tool_calls.push_back({"c1", "weather", R"({"city":"Paris"})"});
  assistant.tool_calls.push_back({"c2", "weather", "not json"});
  r.messages.push_back(assistant);
  r.messages.push_back(ChatMessage::tool_result("c1", "18C"));
  r.messages.push_back(ChatMessage::tool_result("c2", "22C"));
  const ChatRequest out = with_tools_in_prompt(r);
  ASSERT_EQ(out.messages.size(), 3u);  // no tools declared: no system prompt is added
  EXPECT_EQ(
      out.messages[1].joined_text(),
      "Checking.\n<tool_call>\n{\"name\":\"weather\",\"arguments\":{\"city\":\"Paris\"}}\n"
      "</tool_call>\n<tool_call>\n{\"name\":\"weather\",\"arguments\":\"not json\"}\n</tool_call>");
  EXPECT_EQ(out.messages[2].role, ChatRole::user);
  EXPECT_EQ(out.messages[2].joined_text(),
            "<tool_response>\n18C\n</tool_response>\n<tool_response>\n22C\n</tool_response>");
}

TEST(ToolPrompt, ToolChoiceNoneDescribesNoTools) {
  ChatRequest r;
  r.messages.push_back(ChatMessage::text(ChatRole::user, "Hi"));
  r.tools.push_back({"t", "", {}});
  r.tool_choice.mode = ToolChoice::Mode::none;
  const ChatRequest out = with_tools_in_prompt(r);
  ASSERT_EQ(out.messages.size(), 1u);
  EXPECT_TRUE(out.tools.empty());
  r.tool_choice.mode = ToolChoice::Mode::required;
  const ChatRequest required = with_tools_in_prompt(r);
  ASSERT_EQ(required.messages.size(), 2u);
  EXPECT_EQ(required.messages[0].role, ChatRole::system);
  EXPECT_TRUE(required.messages[0].joined_text().ends_with("You must call at least one function."));
}

}  // namespace
}  // namespace smp::models
