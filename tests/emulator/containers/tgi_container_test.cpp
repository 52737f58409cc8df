// Golden tests of the tgi container against user-needs §2.4 and aws-wire §2.7.
#include <gtest/gtest.h>

#include "emulator/containers/container_test_support.hpp"

namespace smp::emulator {
namespace {

using testing::invoke;
using testing::parse;
using testing::sse_payloads;

TEST(TgiContainer, GenerateAnswersAnArrayOfGeneratedText) {
  const auto out = invoke(
      "tgi",
      R"({"inputs":"Once upon a time","parameters":{"max_new_tokens":400,"return_full_text":false},"stream":false})");
  ASSERT_EQ(out.status, 200);
  EXPECT_EQ(out.body, R"([{"generated_text":"You said: Once upon a time"}])");
  const auto full = invoke("tgi", R"({"inputs":"Hi","parameters":{"return_full_text":true}})");
  EXPECT_EQ(parse(full.body).at(0).at("generated_text"), "HiYou said: Hi");
}

TEST(TgiContainer, StreamIsSseWithoutASpaceEndingWithTheEosTokenAndGeneratedText) {
  const auto out = invoke("tgi", R"({"inputs":"a time","stream":true})");
  EXPECT_EQ(out.content_type, "text/event-stream");
  const auto payloads = sse_payloads(out.joined_stream(), false);
  ASSERT_EQ(payloads.size(), 6u);  // You | said | : | a | time | </s>
  std::string text;
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    const auto event = parse(payloads[i]);
    EXPECT_EQ(event.at("index"), static_cast<int>(i) + 1);
    const bool last = i + 1 == payloads.size();
    EXPECT_EQ(event.at("token").at("special"), last);
    if (!last) text += event.at("token").at("text").as_string();
    EXPECT_EQ(event.at("generated_text").is_null(), !last);
  }
  const auto last = parse(payloads.back());
  EXPECT_EQ(last.at("generated_text"), "You said: a time");
  EXPECT_EQ(text, "You said: a time");
  EXPECT_EQ(last.at("details").at("finish_reason"), "eos_token");
  EXPECT_EQ(last.at("details").at("generated_tokens"), 6);
  EXPECT_TRUE(out.stream_records.front().starts_with(R"(data:{"index":1,"token":{"id":)"));
}

TEST(TgiContainer, LengthStopHasNoEosToken) {
  const auto out =
      invoke("tgi", R"({"inputs":"x y z","parameters":{"max_new_tokens":2},"stream":true})");
  const auto payloads = sse_payloads(out.joined_stream(), false);
  ASSERT_EQ(payloads.size(), 2u);
  EXPECT_EQ(parse(payloads.back()).at("details").at("finish_reason"), "length");
}

TEST(TgiContainer, MessagesApiStreamsChunksWithoutASpaceAndDone) {
  const auto out = invoke("tgi", R"({"messages":[{"role":"user","content":"hey"}],"stream":true})");
  const auto payloads = sse_payloads(out.joined_stream(), false);
  ASSERT_EQ(payloads.back(), "[DONE]");
  std::string content;
  for (std::size_t i = 0; i + 1 < payloads.size(); ++i) {
    const auto chunk = parse(payloads[i]);
    EXPECT_EQ(chunk.at("object"), "chat.completion.chunk");
    EXPECT_EQ(chunk.at("choices").at(0).at("delta").at("role"), "assistant");
    content += chunk.at("choices").at(0).at("delta").at("content").as_string();
  }
  EXPECT_EQ(content, "You said: hey");
  const auto whole = invoke("tgi", R"({"messages":[{"role":"user","content":"hey"}]})");
  EXPECT_EQ(parse(whole.body).at("choices").at(0).at("message").at("content"), "You said: hey");
}

TEST(TgiContainer, ErrorShapes) {
  const auto syntax = invoke("tgi", "{");
  EXPECT_EQ(syntax.status, 400);
  EXPECT_TRUE(syntax.body.starts_with("Failed to parse the request body as JSON: "));
  const auto shape = invoke("tgi", R"({"text":"x"})");
  EXPECT_EQ(shape.status, 422);
  EXPECT_TRUE(shape.body.starts_with("Failed to deserialize the JSON body into the target type"));
  const auto invalid = invoke("tgi", R"({"inputs":"x","parameters":{"max_new_tokens":0}})");
  EXPECT_EQ(invalid.status, 422);
  EXPECT_EQ(parse(invalid.body).at("error_type"), "validation");
}

}  // namespace
}  // namespace smp::emulator
