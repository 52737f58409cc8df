// Golden tests of the lmi container against user-needs §2.3.
#include <gtest/gtest.h>

#include "emulator/containers/container_test_support.hpp"

namespace smp::emulator {
namespace {

using testing::invoke;
using testing::parse;
namespace json = boost::json;

std::vector<json::value> json_lines(const std::string& stream) {
  std::vector<json::value> lines;
  std::size_t at = 0;
  while (at < stream.size()) {
    const auto end = stream.find('\n', at);
    EXPECT_NE(end, std::string::npos) << "every line ends with \\n";
    if (end == std::string::npos) break;
    const std::string line = stream.substr(at, end - at);
    EXPECT_FALSE(line.starts_with("data:")) << line;
    EXPECT_NE(line, "[DONE]");
    lines.push_back(parse(line));
    at = end + 1;
  }
  return lines;
}

TEST(LmiContainer, ChatStreamsBareJsonLinesWithoutDone) {
  const auto out =
      invoke("lmi", R"({"messages":[{"role":"user","content":"hello lmi"}],"stream":true})");
  ASSERT_EQ(out.status, 200);
  EXPECT_EQ(out.content_type, "application/jsonlines");
  const auto lines = json_lines(out.joined_stream());
  std::string content;
  for (const auto& line : lines) {
    EXPECT_EQ(line.at("object"), "chat.completion.chunk");
    if (const auto* piece =
            line.at("choices").at(0).at("delta").as_object().if_contains("content")) {
      content += piece->as_string();
    }
  }
  EXPECT_EQ(content, "You said: hello lmi");
  EXPECT_EQ(lines.back().at("choices").at(0).at("finish_reason"), "eos_token");
}

TEST(LmiContainer, ChatNonStreamUsesLmiFinishReasons) {
  const auto out =
      invoke("lmi", R"({"messages":[{"role":"user","content":"a b c d e"}],"max_tokens":2})");
  const auto body = parse(out.body);
  EXPECT_EQ(body.at("object"), "chat.completion");
  EXPECT_EQ(body.at("choices").at(0).at("finish_reason"), "length");
  EXPECT_EQ(body.at("choices").at(0).at("message").at("content"), "You said");
}

TEST(LmiContainer, InputsSchemaNonStreamAndTgiCompat) {
  const std::string request =
      R"({"inputs":"What is Deep Learning?","parameters":{"max_new_tokens":256,"details":true}})";
  const auto out = invoke("lmi", request);
  const auto body = parse(out.body);
  EXPECT_EQ(body.at("generated_text"), "You said: What is Deep Learning?");
  EXPECT_EQ(body.at("details").at("finish_reason"), "eos_token");
  EXPECT_EQ(body.at("details").at("generated_tokens"), 8);

  ContainerOptions compat;
  compat.lmi_tgi_compat = true;
  EXPECT_EQ(parse(invoke("lmi", request, compat).body).at(0).at("generated_text"),
            "You said: What is Deep Learning?");
}

TEST(LmiContainer, InputsStreamTokenLinesEndWithGeneratedTextAndDetails) {
  const auto out = invoke(
      "lmi", R"({"inputs":"Deep Learning","parameters":{"max_new_tokens":4},"stream":true})");
  const auto lines = json_lines(out.joined_stream());
  ASSERT_EQ(lines.size(), 4u);
  std::string text;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& token = lines[i].at("token").as_object();
    EXPECT_TRUE(token.at("id").is_int64());
    EXPECT_LT(token.at("log_prob").as_double(), 0);
    text += token.at("text").as_string();
    EXPECT_EQ(lines[i].as_object().contains("generated_text"), i == 3);
  }
  EXPECT_EQ(text, "You said: Deep");
  EXPECT_EQ(lines.back().at("generated_text").as_string(), text);
  EXPECT_EQ(lines.back().at("details").at("finish_reason"), "length");
  // The exact first line.
  EXPECT_TRUE(out.stream_records.front().starts_with("{\"token\":{\"id\":"));
  EXPECT_TRUE(out.stream_records.front().ends_with("}}\n"));
}

TEST(LmiContainer, SseFormatterPrefixesDataWithoutASpace) {
  ContainerOptions sse;
  sse.lmi_output_formatter = "sse";
  const auto out = invoke("lmi", R"({"inputs":"x","stream":true})", sse);
  for (const auto& record : out.stream_records) {
    EXPECT_TRUE(record.starts_with("data:{")) << record;
    EXPECT_TRUE(record.ends_with("\n\n"));
  }
}

TEST(LmiContainer, MidStreamErrorTokenArrivesWithStatus200) {
  const auto out = invoke("lmi", R"({"inputs":"one two three","stream":true})", {}, nullptr,
                          "emulator_error_after_tokens=2");
  ASSERT_EQ(out.status, 200);
  const auto lines = json_lines(out.joined_stream());
  ASSERT_EQ(lines.size(), 3u);
  const auto& error = lines.back();
  EXPECT_EQ(error.at("token").at("id"), -1);
  EXPECT_EQ(error.at("token").at("special_token"), true);
  EXPECT_EQ(error.at("generated_text"), "");
  EXPECT_EQ(error.at("details").at("finish_reason"), "error");
}

TEST(LmiContainer, ErrorShapes) {
  const auto bad = invoke("lmi", "not json");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(parse(bad.body).at("type"), "TranslateException");
  const auto missing = invoke("lmi", R"({"prompt_text":"x"})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(parse(missing.body).at("message"), "Missing \"inputs\" in json.");
  const auto invalid = invoke("lmi", R"({"inputs":"x","parameters":{"max_new_tokens":0}})");
  EXPECT_EQ(invalid.status, 424);
  EXPECT_EQ(parse(invalid.body).at("code"), 424);
  EXPECT_TRUE(parse(invalid.body).at("error").is_string());
}

}  // namespace
}  // namespace smp::emulator
