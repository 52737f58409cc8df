// GET/DELETE /_emulator/requests: what tests can read about the requests the emulator served.
#include "emulator/emulator_test_support.hpp"

namespace smp::emulator::testing {
namespace {

class RequestLogTest : public EmulatorTest {
 protected:
  void SetUp() override {
    auto config = base_config();
    config.endpoints.push_back(echo_endpoint("logged"));
    start(config);
  }
  boost::json::array requests() {
    const auto response = send(make_request("GET", "/_emulator/requests"));
    EXPECT_EQ(response.status, 200);
    return json_body(response).at("requests").as_array();
  }
};

TEST_F(RequestLogTest, RecordsServiceOperationEndpointIdentityAndStatus) {
  Headers headers;
  headers.add("X-Amzn-SageMaker-Custom-Attributes", "k=v");
  const auto ok = call("POST", "/endpoints/logged/invocations", "{}", headers);
  const auto missing = call("POST", "/endpoints/missing/invocations", "{}");
  const auto log = requests();
  ASSERT_EQ(log.size(), 2u);
  const auto& first = log[0].as_object();
  EXPECT_EQ(first.at("service").as_string(), "sagemaker-runtime");
  EXPECT_EQ(first.at("operation").as_string(), "InvokeEndpoint");
  EXPECT_EQ(first.at("endpoint").as_string(), "logged");
  EXPECT_EQ(first.at("identity").as_string(), "arn:aws:iam::000000000000:user/test");
  EXPECT_EQ(first.at("region").as_string(), "us-east-1");
  EXPECT_EQ(first.at("status").as_int64(), 200);
  EXPECT_EQ(first.at("variant").as_string(), "AllTraffic");
  EXPECT_EQ(first.at("request_id").as_string(), ok.headers.get("x-amzn-RequestId").value());
  EXPECT_EQ(first.at("headers").at("x-amzn-sagemaker-custom-attributes").as_string(), "k=v");
  EXPECT_EQ(first.at("headers").at("authorization").as_string(), "<redacted>");
  const auto& second = log[1].as_object();
  EXPECT_EQ(second.at("status").as_int64(), 400);
  EXPECT_EQ(second.at("error_code").as_string(), "ValidationError");
  EXPECT_EQ(second.at("request_id").as_string(), missing.headers.get("x-amzn-RequestId").value());
}

TEST_F(RequestLogTest, DeleteClearsIt) {
  call("POST", "/endpoints/logged/invocations", "{}");
  EXPECT_EQ(requests().size(), 1u);
  EXPECT_EQ(send(make_request("DELETE", "/_emulator/requests")).status, 200);
  EXPECT_TRUE(requests().empty());
}

TEST_F(RequestLogTest, RecordsAuthFailuresWithTheClaimedKey) {
  aws::Credentials wrong = test_credentials();
  wrong.secret_access_key = "bad";
  call("POST", "/endpoints/logged/invocations", "{}", {}, wrong);
  const auto log = requests();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].at("identity").as_string(), "test");
  EXPECT_EQ(log[0].at("error_code").as_string(), "InvalidSignatureException");
}

}  // namespace
}  // namespace smp::emulator::testing
