// The runtime client over real loopback sockets against the in-process emulator: streams cut at
// random byte boundaries, in-stream failures, retries and their limits, many concurrent calls.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include "emulator_fixture.hpp"
#include "http/blocking_transport.hpp"
#include "http/run_sync.hpp"
#include "sagemaker/connection.hpp"

namespace smp::sagemaker {
namespace {

constexpr const char* kConfig = R"(
endpoints:
  - name: chunky
    container: vllm
    chunking: {random: true, min_part: 1, max_part: 7, seed: 42}
  - name: breaks-midway
    container: vllm
    faults: [{kind: model_stream_error, rate: 1.0, after_parts: 3}]
  - name: always-throttled
    container: vllm
    faults: [{kind: throttling, rate: 1.0}]
  - name: container-fails
    container: vllm
    faults: [{kind: model_error, rate: 1.0, original_status: 500}]
)";

class RuntimeClientOverEmulator : public ::testing::Test {
 protected:
  void SetUp() override {
    emulator_ = testing::start_emulator(kConfig, env_);
    ASSERT_TRUE(emulator_);

    ConnectionSettings settings = testing::emulator_settings(*emulator_);
    settings.max_attempts = 3;
    ConnectionContext context;
    context.environment = &env_;
    context.blocking_transport = http::make_blocking_transport();
    auto connection = Connection::open(http_, std::move(settings), std::move(context));
    ASSERT_TRUE(connection) << connection.error().describe();
    connection_ = std::move(*connection);
  }
  void TearDown() override {
    connection_.reset();
    if (emulator_) emulator_->stop();
  }

  template <class T>
  T run(http::Task<T> task) {
    return http::run_sync(io_, std::move(task));
  }

  static InvokeRequest chat(std::string endpoint, std::string text) {
    InvokeRequest r;
    r.endpoint_name = std::move(endpoint);
    boost::json::object body{
        {"messages", boost::json::array{boost::json::object{{"role", "user"}, {"content", text}}}},
        {"stream", true}};
    r.body = boost::json::serialize(body);
    return r;
  }

  // The concatenated delta contents of an OpenAI SSE stream.
  static std::string content_of(const std::string& sse) {
    std::string text;
    std::size_t at = 0;
    while ((at = sse.find("data: {", at)) != std::string::npos) {
      auto end = sse.find("\n\n", at);
      auto record = boost::json::parse(sse.substr(at + 6, end - at - 6)).as_object();
      const auto& delta = record["choices"].as_array()[0].as_object().at("delta").as_object();
      if (auto* c = delta.if_contains("content"); c && c->is_string()) text += c->as_string();
      at = end;
    }
    return text;
  }

  MapEnvironment env_{{"HOME", "/nonexistent"}, {"AWS_EC2_METADATA_DISABLED", "true"}};
  boost::asio::io_context io_;
  http::Client http_{io_.get_executor()};
  std::unique_ptr<emulator::Emulator> emulator_;
  std::unique_ptr<Connection> connection_;
};

TEST_F(RuntimeClientOverEmulator, RandomPartBoundariesReassembleByteExact) {
  std::string bytes;
  std::size_t parts = 0;
  ResponseMetadata started;
  auto result = run(connection_->runtime().invoke_stream(
      chat("chunky", "split me into many tiny parts — ünïcödé too"),
      [&](std::string_view part) -> http::Task<Result<void>> {
        bytes.append(part);
        ++parts;
        co_return Result<void>{};
      },
      [&](const ResponseMetadata& m) { started = m; }));
  ASSERT_TRUE(result) << result.error().describe();
  EXPECT_GT(parts, 20u);  // 1..7-byte parts: far more parts than records
  EXPECT_EQ(content_of(bytes), "You said: split me into many tiny parts — ünïcödé too");
  EXPECT_TRUE(bytes.ends_with("data: [DONE]\n\n"));
  EXPECT_FALSE(started.request_id.empty());
  EXPECT_EQ(result->request_id, started.request_id);
  EXPECT_EQ(result->invoked_variant, "AllTraffic");
}

TEST_F(RuntimeClientOverEmulator, ModelStreamErrorEndsTheStreamAfterThePartsSent) {
  std::size_t parts = 0;
  auto result = run(connection_->runtime().invoke_stream(
      chat("breaks-midway", "hello"), [&](std::string_view) -> http::Task<Result<void>> {
        ++parts;
        co_return Result<void>{};
      }));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::model);
  EXPECT_FALSE(result.error().retryable);
  EXPECT_FALSE(result.error().request_id.empty());
  EXPECT_EQ(parts, 3u);
}

TEST_F(RuntimeClientOverEmulator, ThrottlingIsRetriedUpToTheLimit) {
  auto result = run(connection_->runtime().invoke(chat("always-throttled", "hi")));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::throttled);
  ASSERT_NE(result.error().detail("Attempts"), nullptr);
  EXPECT_EQ(*result.error().detail("Attempts"), "3");
}

TEST_F(RuntimeClientOverEmulator, ModelErrorKeepsTheContainerStatus) {
  auto result = run(connection_->runtime().invoke(chat("container-fails", "hi")));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::model);
  EXPECT_EQ(result.error().http_status, 424);
  ASSERT_NE(result.error().detail("OriginalStatusCode"), nullptr);
  EXPECT_EQ(*result.error().detail("OriginalStatusCode"), "500");
}

TEST_F(RuntimeClientOverEmulator, ManyConcurrentStreamsOnOneClient) {
  constexpr int kStreams = 40;
  std::vector<std::string> outputs(kStreams);
  int done = 0;
  for (int i = 0; i < kStreams; ++i) {
    boost::asio::co_spawn(
        io_,
        [&, i]() -> http::Task<void> {
          auto r = co_await connection_->runtime().invoke_stream(
              chat("chunky", "stream number " + std::to_string(i)),
              [&, i](std::string_view part) -> http::Task<Result<void>> {
                outputs[i].append(part);
                co_return Result<void>{};
              });
          EXPECT_TRUE(r) << r.error().describe();
          ++done;
        },
        boost::asio::detached);
  }
  io_.restart();
  io_.run();
  EXPECT_EQ(done, kStreams);
  for (int i = 0; i < kStreams; ++i) {
    EXPECT_EQ(content_of(outputs[i]), "You said: stream number " + std::to_string(i));
  }
}

TEST_F(RuntimeClientOverEmulator, UnknownEndpointIsNotFoundAndNotRetried) {
  auto result = run(connection_->runtime().invoke(chat("does-not-exist", "hi")));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().kind, ErrorKind::not_found);
  EXPECT_EQ(result.error().detail("Attempts"), nullptr);
}

}  // namespace
}  // namespace smp::sagemaker
