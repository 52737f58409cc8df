// The gateway over real loopback sockets: an in-process emulator behind it, our http::Client in
// front. What the unit tests cannot show: keys and headers on the wire, a whole SSE stream, a
// client leaving mid-stream (the handler and its upstream call end, the gauge returns to 0)
// and a graceful stop that lets a stream in flight finish.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <optional>
#include <thread>

#include "emulator/config_yaml.hpp"
#include "emulator/emulator.hpp"
#include "gateway/gateway.hpp"
#include "gateway/gateway_config.hpp"
#include "gateway/model_table.hpp"
#include "http/blocking_transport.hpp"
#include "http/client.hpp"

namespace smp::gateway {
namespace {

constexpr std::string_view kKey = "sk-gateway-test-key";

class GatewayServer : public ::testing::Test {
 protected:
  void SetUp() override {
    auto config = emulator::parse_config_yaml(R"(
endpoints:
  - {name: chat, container: vllm}
  - {name: slow, container: vllm, latency: {per_part_ms: 100}}
)",
                                              env_);
    ASSERT_TRUE(config) << config.error().describe();
    auto created = emulator::Emulator::create(std::move(*config));
    ASSERT_TRUE(created) << created.error().describe();
    emulator_ = std::move(*created);
    ASSERT_TRUE(emulator_->start());

    const std::string yaml = "api_keys: [{key: " + std::string(kKey) +
                             ", name: tester}]\n"
                             "aws: {region: us-east-1, access_key_id: test, secret_access_key: "
                             "test, endpoint_url: '" +
                             emulator_->url() +
                             "'}\n"
                             "models:\n"
                             "  - {name: chat, type: llm, endpoint: chat}\n"
                             "  - {name: slow, type: llm, endpoint: slow}\n";
    auto gateway_config = parse_gateway_config(yaml, env_);
    ASSERT_TRUE(gateway_config) << gateway_config.error().message;
    auto table = ModelTable::build(gateway_config->models);
    ASSERT_TRUE(table) << table.error().message;
    GatewayOptions options;
    options.port = 0;
    options.threads = 2;
    options.api_keys = gateway_config->api_keys;
    sagemaker::ConnectionContext context;
    context.environment = &env_;
    auto gateway = Gateway::create(std::move(options), std::move(*table), std::move(context));
    ASSERT_TRUE(gateway) << gateway.error().message;
    gateway_ = std::move(*gateway);
    ASSERT_TRUE(gateway_->start());
  }
  void TearDown() override {
    gateway_.reset();
    if (emulator_) emulator_->stop();
  }

  HttpRequest chat_request(std::string_view model, bool stream, bool with_key = true) const {
    HttpRequest request;
    request.method = "POST";
    request.url = gateway_->url() + "/v1/chat/completions";
    request.headers.add("Content-Type", "application/json");
    if (with_key) request.headers.add("Authorization", "Bearer " + std::string(kKey));
    request.body = std::string(R"({"model":")") + std::string(model) + R"(","stream":)" +
                   (stream ? "true" : "false") +
                   R"(,"stream_options":{"include_usage":true},"messages":[{"role":"user",)"
                   R"("content":"one two three four five six seven eight nine ten"}]})";
    return request;
  }

  HttpResponse send(HttpRequest request) {
    std::optional<Result<HttpResponse>> out;
    boost::asio::co_spawn(io_, client_.send(std::move(request)),
                          [&](std::exception_ptr e, Result<HttpResponse> r) {
                            if (e) std::rethrow_exception(e);
                            out.emplace(std::move(r));
                          });
    io_.restart();
    io_.run();
    EXPECT_TRUE(*out) << out->error().describe();
    return *out ? std::move(**out) : HttpResponse{};
  }

  MapEnvironment env_{{"HOME", "/nonexistent"}, {"AWS_EC2_METADATA_DISABLED", "true"}};
  std::unique_ptr<emulator::Emulator> emulator_;
  std::unique_ptr<Gateway> gateway_;
  boost::asio::io_context io_;
  http::Client client_{io_.get_executor()};
};

TEST_F(GatewayServer, ChatWithKeyHeadersAndMetrics) {
  const auto ok = send(chat_request("chat", false));
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_NE(ok.body.find("You said: one two"), std::string::npos) << ok.body;
  EXPECT_TRUE(ok.headers.get("x-gateway-overhead-ms"));
  EXPECT_EQ(ok.headers.get("x-request-id").value_or("").size(), 16u);

  const auto denied = send(chat_request("chat", false, false));
  EXPECT_EQ(denied.status, 401);
  EXPECT_NE(denied.body.find("invalid_api_key"), std::string::npos);

  const auto text = gateway_->metrics().render();
  EXPECT_NE(
      text.find(
          R"(gateway_requests_total{route="/v1/chat/completions",model="chat",status="200"} 1)"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(gateway_errors_total{kind="auth"} 1)"), std::string::npos);
}

TEST_F(GatewayServer, StreamEndsWithUsageChunkThenDone) {
  const auto r = send(chat_request("chat", true));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.get("content-type").value_or(""), "text/event-stream");
  const auto done = r.body.rfind("data: [DONE]\n\n");
  ASSERT_NE(done, std::string::npos);
  EXPECT_EQ(done + 14, r.body.size());
  const auto usage = r.body.rfind(R"("choices":[],"usage":{"prompt_tokens")", done);
  EXPECT_NE(usage, std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("finish_reason":"stop")"), std::string::npos);
}

TEST_F(GatewayServer, ClientLeavingMidStreamEndsTheHandlerAndItsUpstreamCall) {
  std::size_t received = 0;
  std::optional<Result<http::ResponseHead>> out;
  auto request = chat_request("slow", true);
  auto task = client_.send_streaming(
      std::move(request), {},
      [&](std::string_view bytes) -> http::Task<Result<void>> {
        received += bytes.size();
        // Leave after the first event: the error aborts the exchange and closes the socket.
        co_return fail(ErrorKind::internal, "Leaving", "the test client leaves");
      },
      [](const http::ResponseHead&) -> http::Task<Result<void>> { co_return Result<void>{}; });
  boost::asio::co_spawn(io_, std::move(task),
                        [&](std::exception_ptr e, Result<http::ResponseHead> r) {
                          if (e) std::rethrow_exception(e);
                          out.emplace(std::move(r));
                        });
  io_.run();
  EXPECT_GT(received, 0u);
  EXPECT_FALSE(*out);
  // The whole answer takes ~1.5 s upstream (one part per 100 ms); poll until the gateway has
  // recorded the abandoned request, bounded by far more than that.
  std::string text;
  for (int i = 0; i < 100; ++i) {
    text = gateway_->metrics().render();
    if (text.find(R"(model="slow",status="499"} 1)") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_NE(text.find(R"(model="slow",status="499"} 1)"), std::string::npos) << text;
  EXPECT_EQ(gateway_->metrics().streams_in_flight(), 0);
  // And it keeps serving.
  EXPECT_EQ(send(chat_request("chat", false)).status, 200);
}

TEST_F(GatewayServer, StopLetsAStreamInFlightFinish) {
  std::atomic<bool> first_bytes{false};
  std::string body;
  std::optional<Result<http::ResponseHead>> out;
  auto task = client_.send_streaming(
      chat_request("slow", true), {},
      [&](std::string_view bytes) -> http::Task<Result<void>> {
        body += bytes;
        first_bytes = true;
        co_return Result<void>{};
      },
      [](const http::ResponseHead&) -> http::Task<Result<void>> { co_return Result<void>{}; });
  boost::asio::co_spawn(io_, std::move(task),
                        [&](std::exception_ptr e, Result<http::ResponseHead> r) {
                          if (e) std::rethrow_exception(e);
                          out.emplace(std::move(r));
                        });
  std::thread client_thread([&] { io_.run(); });
  while (!first_bytes)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  gateway_->stop(std::chrono::seconds(20));  // returns once the stream has finished
  client_thread.join();
  ASSERT_TRUE(out && *out) << (out ? out->error().describe() : "no result");
  EXPECT_NE(body.find("data: [DONE]"), std::string::npos) << body;
}

}  // namespace
}  // namespace smp::gateway
