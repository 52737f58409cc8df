// A picky container behind the emulator (a `url:` backend, our own small HTTP server): it only
// takes TGI's `inputs` body and cannot stream. An `auto` endpoint still answers: the OpenAI body
// is refused ("missing field `inputs`") → TGI body; the stream is refused → a synchronous call.
// Both facts are remembered, so the next call goes straight to what works.
#include <boost/json.hpp>

#include "http/server.hpp"
#include "provider/provider_fixture.hpp"

namespace smp::provider::testing {
namespace {

class FallbackTest : public ProviderTest {
 protected:
  void SetUp() override {
    container_ = std::make_unique<http::Server>(
        http::ServerOptions{},
        [this](http::ServerRequest& request, http::ResponseWriter& writer) -> http::Task<void> {
          if (request.path == "/ping") {
            co_await writer.send(200, "");
            co_return;
          }
          ++calls_;
          boost::system::error_code ec;
          auto body = boost::json::parse(request.body, ec);
          if (ec || !body.is_object() || !body.as_object().contains("inputs")) {
            co_await writer.send(
                422,
                "Failed to deserialize the JSON body into the target type: missing field `inputs`");
            co_return;
          }
          const auto& object = body.as_object();
          if (auto* s = object.if_contains("stream"); s && s->is_bool() && s->as_bool()) {
            co_await writer.send(400, R"({"error":"streaming is not supported by this container"})",
                                 "application/json");
            co_return;
          }
          std::string prompt(object.at("inputs").as_string());
          boost::json::array reply{boost::json::object{
              {"generated_text", "Echo of " + std::to_string(prompt.size()) + " prompt bytes"}}};
          co_await writer.send(200, boost::json::serialize(reply), "application/json");
        });
    ASSERT_TRUE(container_->start().has_value());
    start("endpoints:\n  - name: picky\n    url: " + container_->url() + "\n");
  }
  void TearDown() override {
    ProviderTest::TearDown();
    container_->stop();
  }

  std::unique_ptr<http::Server> container_;
  std::atomic<int> calls_{0};
};

TEST_F(FallbackTest, AutoFindsTheFormatAndTheSynchronousRoute) {
  auto c = config(ModelType::llm, settings("picky"));
  ChatCall call;
  call.request.messages.push_back(models::ChatMessage::text(models::ChatRole::user, "hi there"));
  std::vector<models::ChatChunk> chunks;
  ChunkSink sink = [&chunks](const models::ChatChunk& chunk) -> http::Task<Result<void>> {
    chunks.push_back(chunk);
    co_return Result<void>{};
  };
  auto first = run(provider_->chat(c, call, sink));
  ASSERT_TRUE(first) << first.error().describe();
  EXPECT_TRUE(first->content.starts_with("Echo of ")) << first->content;
  EXPECT_EQ(calls_.load(), 3);  // openai stream, inputs stream, inputs synchronous
  // The sink still saw the answer and a final chunk with the finish reason and usage.
  ASSERT_GE(chunks.size(), 2u);
  EXPECT_EQ(chunks.front().content, first->content);
  EXPECT_FALSE(chunks.back().finish_reason.empty());
  ASSERT_TRUE(chunks.back().usage);
  EXPECT_TRUE(chunks.back().usage->estimated);  // this container reports no usage

  auto facts = provider_->memory().get(c);
  ASSERT_TRUE(facts.chat_format);
  // The `inputs` family (format_hint_from_rejection names lmi, whose body TGI also takes and
  // whose reader takes TGI's array reply).
  EXPECT_EQ(*facts.chat_format, models::ChatFormat::lmi);
  EXPECT_TRUE(facts.no_streaming);

  auto second = run(provider_->chat(c, call));
  ASSERT_TRUE(second) << second.error().describe();
  EXPECT_EQ(second->content, first->content);
  EXPECT_EQ(calls_.load(), 4);  // straight to what works

  // A cold provider (another process) finds the same way again: memory is an optimisation.
  sagemaker::ConnectionContext context;
  context.environment = &env_;
  context.blocking_transport = http::make_blocking_transport();
  Provider cold(http_, std::move(context));
  auto third = run(cold.chat(c, call));
  ASSERT_TRUE(third) << third.error().describe();
  EXPECT_EQ(third->content, first->content);
}

TEST_F(FallbackTest, AFixedFormatIsNotSecondGuessed) {
  auto s = settings("picky");
  s["payload_format"] = "openai";
  auto c = config(ModelType::llm, s);
  ChatCall call;
  call.request.messages.push_back(models::ChatMessage::text(models::ChatRole::user, "hi"));
  auto result = run(provider_->chat(c, call));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::model);
  EXPECT_NE(result.error().message.find("payload_format openai"), std::string::npos)
      << result.error().message;
  EXPECT_EQ(calls_.load(), 1);
}

}  // namespace
}  // namespace smp::provider::testing
