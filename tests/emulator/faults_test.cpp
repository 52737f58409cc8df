// Injected faults: each kind's exact shape, in-stream failures after N parts, connection resets,
// latency, and seeded rates.
#include <chrono>

#include "emulator/emulator_test_support.hpp"

namespace smp::emulator::testing {
namespace {

EndpointConfig faulty(std::string name, FaultConfig fault) {
  auto endpoint = echo_endpoint(std::move(name));
  endpoint.faults.push_back(std::move(fault));
  return endpoint;
}

class FaultsTest : public EmulatorTest {
 protected:
  void SetUp() override {
    auto config = base_config();
    config.seed = 42;
    config.endpoints.push_back(faulty("throttled", {.kind = FaultKind::throttling}));
    config.endpoints.push_back(faulty("internal", {.kind = FaultKind::internal_failure}));
    config.endpoints.push_back(faulty("unavailable", {.kind = FaultKind::service_unavailable}));
    config.endpoints.push_back(faulty("not-ready", {.kind = FaultKind::model_not_ready}));
    config.endpoints.push_back(
        faulty("model-error", {.kind = FaultKind::model_error, .original_status = 503}));
    config.endpoints.push_back(
        faulty("timeout", {.kind = FaultKind::model_error, .original_status = 0}));
    config.endpoints.push_back(faulty(
        "stream-error",
        {.kind = FaultKind::model_stream_error, .after_parts = 2, .error_code = "StreamBroken"}));
    config.endpoints.push_back(
        faulty("stream-failure", {.kind = FaultKind::internal_stream_failure, .after_parts = 1}));
    config.endpoints.push_back(
        faulty("reset", {.kind = FaultKind::connection_reset, .after_parts = 1}));
    config.endpoints.push_back(faulty("half", {.kind = FaultKind::throttling, .rate = 0.5}));
    auto slow = echo_endpoint("slow");
    slow.latency = {.first_byte = std::chrono::milliseconds(150),
                    .per_part = std::chrono::milliseconds(20)};
    config.endpoints.push_back(slow);
    start(config);
  }
  HttpResponse invoke(const std::string& endpoint, bool stream = false, std::string body = "{}") {
    return call(
        "POST",
        "/endpoints/" + endpoint + (stream ? "/invocations-response-stream" : "/invocations"),
        std::move(body));
  }
  static std::string error_type(const HttpResponse& r) {
    const auto type = r.headers.get("x-amzn-ErrorType");
    return type ? std::string(type->substr(0, type->find(':'))) : std::string{};
  }
};

TEST_F(FaultsTest, EarlyFaultsHaveTheServicesShapes) {
  struct Case {
    std::string endpoint;
    int status;
    std::string code;
  };
  for (const auto& c : std::vector<Case>{{"throttled", 400, "ThrottlingException"},
                                         {"internal", 500, "InternalFailure"},
                                         {"unavailable", 503, "ServiceUnavailable"},
                                         {"not-ready", 429, "ModelNotReadyException"},
                                         {"model-error", 424, "ModelError"}}) {
    const auto response = invoke(c.endpoint);
    EXPECT_EQ(response.status, c.status) << c.endpoint;
    EXPECT_EQ(error_type(response), c.code) << c.endpoint;
  }
  EXPECT_EQ(json_body(invoke("model-error")).at("OriginalStatusCode").as_int64(), 503);
}

TEST_F(FaultsTest, ModelTimeoutIsModelErrorWithStatusZero) {
  const auto body = json_body(invoke("timeout"));
  EXPECT_EQ(body.at("OriginalStatusCode").as_int64(), 0);
  EXPECT_TRUE(std::string(body.at("Message").as_string())
                  .starts_with("Received server error (0) from primary with message \"Your "
                               "invocation timed out while waiting for a response from container "
                               "primary."));
}

TEST_F(FaultsTest, ModelStreamErrorAfterNParts) {
  const auto response = invoke("stream-error", true, "a\nb\nc\nd\n");
  ASSERT_EQ(response.status, 200);
  const auto events = decode_events(response.body);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].payload, "a\n");
  EXPECT_EQ(events[1].payload, "b\n");
  EXPECT_EQ(events[2].event_type, "ModelStreamError");
  EXPECT_EQ(boost::json::parse(events[2].payload).at("ErrorCode").as_string(), "StreamBroken");
  // Non-stream calls are not affected by stream-only faults.
  EXPECT_EQ(invoke("stream-error").status, 200);
}

TEST_F(FaultsTest, InternalStreamFailureAfterNParts) {
  const auto events = decode_events(invoke("stream-failure", true, "a\nb\n").body);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].message_type, "exception");
  EXPECT_EQ(events[1].event_type, "InternalStreamFailure");
}

TEST_F(FaultsTest, ConnectionResetCutsTheResponse) {
  auto request = make_request("POST", "/endpoints/reset/invocations-response-stream", "a\nb\nc\n");
  sign(request, test_credentials());
  EXPECT_FALSE(transport_(request, aws::TransportOptions{}).has_value());
  auto plain = make_request("POST", "/endpoints/reset/invocations", "{}");
  sign(plain, test_credentials());
  EXPECT_FALSE(transport_(plain, aws::TransportOptions{}).has_value());
  // The server keeps serving.
  EXPECT_EQ(invoke("slow").status, 200);
}

TEST_F(FaultsTest, RateIsSeededAndRoughlyRight) {
  int throttled = 0;
  for (int i = 0; i < 60; ++i)
    if (invoke("half").status == 400) ++throttled;
  EXPECT_GT(throttled, 15);
  EXPECT_LT(throttled, 45);
}

TEST_F(FaultsTest, LatencyDelaysTheAnswer) {
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(invoke("slow").status, 200);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));
}

}  // namespace
}  // namespace smp::emulator::testing
