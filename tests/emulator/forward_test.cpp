// `url:` backends: requests are forwarded to a local container implementing the SageMaker
// container contract (POST /invocations), here a small http::Server of our own.
#include "emulator/emulator_test_support.hpp"
#include "http/server.hpp"

namespace smp::emulator::testing {
namespace {

class ForwardTest : public EmulatorTest {
 protected:
  void SetUp() override {
    http::ServerOptions options;
    container_ = std::make_unique<http::Server>(
        options,
        [](http::ServerRequest& request, http::ResponseWriter& writer) -> http::Task<void> {
          if (request.path == "/ping") {
            co_await writer.send(200, "");
            co_return;
          }
          if (request.body == "fail") {
            co_await writer.send(503, R"({"message":"container overloaded"})", "application/json");
            co_return;
          }
          HttpResponse response;
          response.status = 200;
          response.headers.add("Content-Type", "application/x-forwarded");
          response.headers.add("X-Amzn-SageMaker-Custom-Attributes", "from-container");
          // What arrived, so the test can see which headers SageMaker passes on.
          std::string seen = request.method + " " + request.target + "\n";
          for (const auto& [name, value] : request.headers)
            if (!iequals(name, "host") && !iequals(name, "content-length") &&
                !iequals(name, "user-agent") && !iequals(name, "connection"))
              seen += name + ": " + value + "\n";
          response.body = seen + "\n" + request.body;
          co_await writer.send(std::move(response));
        });
    ASSERT_TRUE(container_->start().has_value());
    auto config = base_config();
    auto forwarded = echo_endpoint("forwarded");
    forwarded.backend = {};
    forwarded.backend.url = container_->url();
    config.endpoints.push_back(forwarded);
    auto unreachable = echo_endpoint("unreachable");
    unreachable.backend = {};
    unreachable.backend.url = "http://127.0.0.1:1";
    config.endpoints.push_back(unreachable);
    start(config);
  }
  void TearDown() override {
    EmulatorTest::TearDown();
    container_->stop();
  }
  std::unique_ptr<http::Server> container_;
};

TEST_F(ForwardTest, ForwardsBodyContentHeadersAndCustomAttributesOnly) {
  Headers headers;
  headers.add("Content-Type", "application/json");
  headers.add("Accept", "application/x-forwarded");
  headers.add("X-Amzn-SageMaker-Custom-Attributes", "accept_eula=true");
  headers.add("X-Not-Forwarded", "private");
  const auto response = call("POST", "/endpoints/forwarded/invocations", R"({"x":1})", headers);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.headers.get("Content-Type"), "application/x-forwarded");
  EXPECT_EQ(response.headers.get("X-Amzn-SageMaker-Custom-Attributes"), "from-container");
  EXPECT_EQ(response.body,
            "POST /invocations\nContent-Type: application/json\nAccept: application/x-forwarded\n"
            "X-Amzn-SageMaker-Custom-Attributes: accept_eula=true\n\n{\"x\":1}");
}

TEST_F(ForwardTest, StreamRequestsStreamTheContainersAnswer) {
  const auto response = call("POST", "/endpoints/forwarded/invocations-response-stream", "abc");
  ASSERT_EQ(response.status, 200);
  const auto events = decode_events(response.body);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_TRUE(events[0].payload.ends_with("\n\nabc"));
}

TEST_F(ForwardTest, ContainerErrorsAndUnreachableContainersAreModelErrors) {
  auto response = call("POST", "/endpoints/forwarded/invocations", "fail");
  EXPECT_EQ(response.status, 424);
  EXPECT_EQ(json_body(response).at("OriginalStatusCode").as_int64(), 503);
  EXPECT_EQ(json_body(response).at("OriginalMessage").as_string(),
            R"({"message":"container overloaded"})");
  response = call("POST", "/endpoints/unreachable/invocations", "{}");
  EXPECT_EQ(response.status, 424);
  EXPECT_EQ(json_body(response).at("OriginalStatusCode").as_int64(), 0);
}

}  // namespace
}  // namespace smp::emulator::testing
