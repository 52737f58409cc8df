// InvokeEndpointWithResponseStream over loopback, decoded with our event-stream decoder: the
// PayloadPart framing, random part boundaries that reassemble byte-exact, in-stream errors.
#include "emulator/emulator_test_support.hpp"

namespace smp::emulator::testing {
namespace {

const std::string kRecords =
    "{\"token\":\"h\\u00e9llo\"}\n{\"token\":\"w\u00f6rld \u4e16\u754c\"}\n{\"token\":\"!\"}\n";

class RuntimeStreamTest : public EmulatorTest {
 protected:
  void SetUp() override {
    auto config = base_config();
    config.endpoints.push_back(echo_endpoint("plain"));
    auto random = echo_endpoint("random-parts");
    random.chunking = {.random = true, .min_part = 1, .max_part = 5, .seed = 7};
    config.endpoints.push_back(random);
    auto broken = echo_endpoint("container-breaks");
    broken.backend.options.extra["fail_after"] = "1";
    config.endpoints.push_back(broken);
    auto failing = echo_endpoint("failing");
    failing.backend.options.extra["status"] = "500";
    config.endpoints.push_back(failing);
    start(config);
  }
  HttpResponse stream(const std::string& endpoint, std::string body) {
    Headers headers;
    headers.add("Content-Type", "application/json");
    headers.add("X-Amzn-SageMaker-Accept", "application/jsonlines");
    return call("POST", "/endpoints/" + endpoint + "/invocations-response-stream", std::move(body),
                std::move(headers));
  }
  static std::string joined_payloads(const std::vector<DecodedEvent>& events) {
    std::string out;
    for (const auto& e : events)
      if (e.event_type == "PayloadPart") out += e.payload;
    return out;
  }
};

TEST_F(RuntimeStreamTest, SendsOnePayloadPartPerContainerWrite) {
  const auto response = stream("plain", kRecords);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.headers.get("Content-Type"), "application/vnd.amazon.eventstream");
  EXPECT_EQ(response.headers.get("X-Amzn-SageMaker-Content-Type"), "application/jsonlines");
  EXPECT_EQ(response.headers.get("x-Amzn-Invoked-Production-Variant"), "AllTraffic");
  const auto events = decode_events(response.body);
  ASSERT_EQ(events.size(), 3u);
  for (const auto& e : events) {
    EXPECT_EQ(e.message_type, "event");
    EXPECT_EQ(e.event_type, "PayloadPart");
    EXPECT_EQ(e.content_type, "application/octet-stream");
  }
  EXPECT_EQ(events[1].payload, "{\"token\":\"w\u00f6rld \u4e16\u754c\"}\n");
}

TEST_F(RuntimeStreamTest, RandomPartsReassembleByteExact) {
  const auto response = stream("random-parts", kRecords);
  ASSERT_EQ(response.status, 200);
  const auto events = decode_events(response.body);
  EXPECT_GT(events.size(), 10u);  // 1..5 byte parts
  for (const auto& e : events)
    EXPECT_LE(e.payload.size(), 5u);
  EXPECT_EQ(joined_payloads(events), kRecords);
  // Seeded: the same request cuts the same way again? Each request gets its own cut, but the
  // bytes always add up.
  EXPECT_EQ(joined_payloads(decode_events(stream("random-parts", kRecords).body)), kRecords);
}

TEST_F(RuntimeStreamTest, ContainerStreamFailureEndsWithModelStreamError) {
  const auto response = stream("container-breaks", kRecords);
  ASSERT_EQ(response.status, 200);
  const auto events = decode_events(response.body);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].payload, "{\"token\":\"h\\u00e9llo\"}\n");
  EXPECT_EQ(events[1].message_type, "exception");
  EXPECT_EQ(events[1].event_type, "ModelStreamError");
  EXPECT_EQ(events[1].content_type, "application/json");
  boost::json::object error = boost::json::parse(events[1].payload).as_object();
  EXPECT_EQ(error.at("ErrorCode").as_string(), "StreamBroken");
  EXPECT_EQ(error.at("Message").as_string(), "stand-in stream broke");
}

TEST_F(RuntimeStreamTest, ContainerErrorBeforeTheStreamIsModelError424) {
  const auto response = stream("failing", "{}");
  EXPECT_EQ(response.status, 424);
  EXPECT_EQ(json_body(response).at("OriginalStatusCode").as_int64(), 500);
  EXPECT_EQ(json_body(response).at("ErrorCode").as_string(), "INTERNAL_FAILURE_FROM_MODEL");
  EXPECT_TRUE(std::string(json_body(response).at("Message").as_string())
                  .starts_with("Received server error (500) from primary"));
}

TEST_F(RuntimeStreamTest, UnknownEndpointFailsBeforeTheStream) {
  const auto response = stream("nope", "{}");
  EXPECT_EQ(response.status, 400);
  EXPECT_TRUE(response.headers.get("x-amzn-ErrorType")->starts_with("ValidationError"));
}

}  // namespace
}  // namespace smp::emulator::testing
