// DescribeEndpoint (SageMaker control plane) and Comprehend DetectDominantLanguage: JSON 1.1
// requests with X-Amz-Target.
#include "emulator/emulator_test_support.hpp"

namespace smp::emulator::testing {
namespace {

class ControlPlaneTest : public EmulatorTest {
 protected:
  void SetUp() override {
    auto config = base_config();
    auto endpoint = echo_endpoint("described");
    endpoint.creation_time = SystemTime(std::chrono::milliseconds(1705320000123));
    endpoint.variants = {VariantConfig{.name = "main", .weight = 0.75, .instance_count = 2},
                         VariantConfig{.name = "canary", .weight = 0.25}};
    config.endpoints.push_back(endpoint);
    auto updating = echo_endpoint("updating");
    updating.status = "Updating";
    config.endpoints.push_back(updating);
    start(config);
  }
  HttpResponse json_call(const std::string& target, std::string body,
                         const std::string& service = "sagemaker") {
    Headers headers;
    headers.add("Content-Type", "application/x-amz-json-1.1");
    headers.add("X-Amz-Target", target);
    return call("POST", "/", std::move(body), std::move(headers), test_credentials(),
                {.service = service});
  }
};

TEST_F(ControlPlaneTest, DescribeEndpointReportsStatusTimesAndVariants) {
  const auto response = json_call("SageMaker.DescribeEndpoint", R"({"EndpointName":"described"})");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.headers.get("Content-Type"), "application/x-amz-json-1.1");
  const auto body = json_body(response);
  EXPECT_EQ(body.at("EndpointName").as_string(), "described");
  EXPECT_EQ(body.at("EndpointArn").as_string(),
            "arn:aws:sagemaker:us-east-1:000000000000:endpoint/described");
  EXPECT_EQ(body.at("EndpointStatus").as_string(), "InService");
  EXPECT_EQ(body.at("EndpointConfigName").as_string(), "described-config");
  EXPECT_DOUBLE_EQ(body.at("CreationTime").as_double(), 1705320000.123);
  EXPECT_TRUE(body.at("LastModifiedTime").is_number());
  const auto& variants = body.at("ProductionVariants").as_array();
  ASSERT_EQ(variants.size(), 2u);
  EXPECT_EQ(variants[0].at("VariantName").as_string(), "main");
  EXPECT_EQ(variants[0].at("CurrentInstanceCount").as_int64(), 2);
  EXPECT_EQ(variants[0].at("DesiredInstanceCount").as_int64(), 2);
  EXPECT_DOUBLE_EQ(variants[0].at("CurrentWeight").as_double(), 0.75);
  EXPECT_EQ(variants[1].at("VariantName").as_string(), "canary");
}

TEST_F(ControlPlaneTest, DescribeReportsOtherStatusesToo) {
  const auto response = json_call("SageMaker.DescribeEndpoint", R"({"EndpointName":"updating"})");
  EXPECT_EQ(json_body(response).at("EndpointStatus").as_string(), "Updating");
}

TEST_F(ControlPlaneTest, UnknownEndpointIsValidationException) {
  const auto response = json_call("SageMaker.DescribeEndpoint", R"({"EndpointName":"nope"})");
  EXPECT_EQ(response.status, 400);
  const auto body = json_body(response);
  EXPECT_EQ(body.at("__type").as_string(), "ValidationException");
  EXPECT_EQ(body.at("message").as_string(), "Could not find endpoint \"nope\".");
}

TEST_F(ControlPlaneTest, MissingNameAndBadJsonAreClientErrors) {
  auto response = json_call("SageMaker.DescribeEndpoint", "{}");
  EXPECT_EQ(json_body(response).at("message").as_string(),
            "1 validation error detected: Value null at 'endpointName' failed to satisfy "
            "constraint: Member must not be null");
  response = json_call("SageMaker.DescribeEndpoint", "{not json");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(json_body(response).at("__type").as_string(), "SerializationException");
  response = json_call("SageMaker.CreateEndpoint", "{}");
  EXPECT_EQ(json_body(response).at("__type").as_string(), "UnknownOperationException");
}

TEST_F(ControlPlaneTest, UnsignedControlPlaneCallIsMissingAuthenticationToken) {
  Headers headers;
  headers.add("Content-Type", "application/x-amz-json-1.1");
  headers.add("X-Amz-Target", "SageMaker.DescribeEndpoint");
  const auto response = send(make_request("POST", "/", R"({"EndpointName":"described"})", headers));
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(json_body(response).at("__type").as_string(), "MissingAuthenticationTokenException");
}

TEST_F(ControlPlaneTest, ComprehendDetectsTheDominantLanguage) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"The weather is nice and the sun is out", "en"},
      {"这是一个测试句子", "zh"},
      {"これは日本語の文章です", "ja"},
      {"안녕하세요 반갑습니다", "ko"},
      {"Привет, как дела?", "ru"},
      {"مرحبا كيف حالك", "ar"},
      {"¿Dónde está la biblioteca? Es muy grande", "es"},
      {"Der Hund und die Katze sind nicht hier", "de"},
  };
  for (const auto& [text, code] : cases) {
    const auto response =
        json_call("Comprehend_20171127.DetectDominantLanguage",
                  boost::json::serialize(boost::json::object{{"Text", text}}), "comprehend");
    ASSERT_EQ(response.status, 200) << response.body;
    const auto body = json_body(response);
    const auto& languages = body.at("Languages").as_array();
    ASSERT_FALSE(languages.empty());
    EXPECT_EQ(languages[0].at("LanguageCode").as_string(), code) << text;
    EXPECT_GT(languages[0].at("Score").as_double(), 0.5);
  }
  const auto missing = json_call("Comprehend_20171127.DetectDominantLanguage", "{}", "comprehend");
  EXPECT_EQ(json_body(missing).at("__type").as_string(), "ValidationException");
}

}  // namespace
}  // namespace smp::emulator::testing
