// InvokeEndpoint over loopback: success headers, what reaches the container, and the exact error
// shapes of aws-wire.md §1.7.
#include "emulator/emulator_test_support.hpp"

namespace smp::emulator::testing {
namespace {

class RuntimeInvokeTest : public EmulatorTest {
 protected:
  void SetUp() override {
    auto config = base_config();
    config.endpoints.push_back(echo_endpoint("echo"));
    auto two = echo_endpoint("two-variants");
    two.variants = {VariantConfig{.name = "blue"}, VariantConfig{.name = "green"}};
    config.endpoints.push_back(two);
    auto ic = echo_endpoint("with-components");
    ic.backend = {};
    InferenceComponentConfig component;
    component.name = "ic-one";
    component.backend.container = "echo";
    component.backend.options.model_id = "model-one";
    ic.inference_components.push_back(component);
    config.endpoints.push_back(ic);
    auto failing = echo_endpoint("failing");
    failing.backend.options.extra["status"] = "400";
    config.endpoints.push_back(failing);
    auto creating = echo_endpoint("creating");
    creating.status = "Creating";
    config.endpoints.push_back(creating);
    auto eu = echo_endpoint("eu-only");
    eu.regions = {"eu-*"};
    config.endpoints.push_back(eu);
    auto attributes = echo_endpoint("attributes");
    attributes.backend.options.extra["custom_attributes"] = "trace=abc";
    config.endpoints.push_back(attributes);
    start(config);
  }
  HttpResponse invoke(const std::string& endpoint, std::string body, Headers headers = {},
                      const SignOptions& options = {}) {
    if (!headers.contains("Content-Type")) headers.add("Content-Type", "application/json");
    return call("POST", "/endpoints/" + endpoint + "/invocations", std::move(body),
                std::move(headers), test_credentials(), options);
  }
};

TEST_F(RuntimeInvokeTest, AnswersWithTheContainersBodyAndTheRuntimeHeaders) {
  Headers headers;
  headers.add("Accept", "application/json");
  headers.add("X-Amzn-SageMaker-Custom-Attributes", "accept_eula=true");
  const auto response = invoke("echo", R"({"inputs":"Hello"})", headers);
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.headers.get("Content-Type"), "application/json");
  EXPECT_EQ(response.headers.get("x-Amzn-Invoked-Production-Variant"), "AllTraffic");
  const auto request_id = response.headers.get("x-amzn-RequestId");
  ASSERT_TRUE(request_id.has_value());
  EXPECT_EQ(request_id->size(), 36u);  // a UUID
  EXPECT_FALSE(response.headers.contains("X-Amzn-SageMaker-Custom-Attributes"));
  const auto seen = json_body(response);
  EXPECT_EQ(seen.at("body").as_string(), R"({"inputs":"Hello"})");
  EXPECT_EQ(seen.at("accept").as_string(), "application/json");
  EXPECT_EQ(seen.at("custom_attributes").as_string(), "accept_eula=true");
  EXPECT_EQ(seen.at("endpoint").as_string(), "echo");
}

TEST_F(RuntimeInvokeTest, ReturnsTheContainersCustomAttributes) {
  const auto response = invoke("attributes", "{}");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(response.headers.get("X-Amzn-SageMaker-Custom-Attributes"), "trace=abc");
}

TEST_F(RuntimeInvokeTest, UnknownEndpointIsAValidationErrorNamingTheAccount) {
  const auto response = invoke("missing-endpoint", "{}");
  EXPECT_EQ(response.status, 400);
  const auto type = response.headers.get("x-amzn-ErrorType");
  ASSERT_TRUE(type.has_value());
  EXPECT_TRUE(type->starts_with("ValidationError:")) << *type;
  EXPECT_EQ(json_body(response).at("Message").as_string(),
            "Endpoint missing-endpoint of account 000000000000 not found.");
}

TEST_F(RuntimeInvokeTest, EndpointsExistOnlyInTheirRegions) {
  EXPECT_EQ(invoke("eu-only", "{}").status, 400);
  EXPECT_EQ(invoke("eu-only", "{}", {}, {.region = "eu-west-1"}).status, 200);
}

TEST_F(RuntimeInvokeTest, EndpointNotInServiceIsNotFound) {
  const auto response = invoke("creating", "{}");
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(json_body(response).at("Message").as_string(),
            "Endpoint creating of account 000000000000 not found.");
}

TEST_F(RuntimeInvokeTest, BodyOverSixMebibytesIs413WithoutAnErrorType) {
  const auto response = invoke("echo", std::string(6 * 1024 * 1024 + 1, 'x'));
  EXPECT_EQ(response.status, 413);
  EXPECT_FALSE(response.headers.contains("x-amzn-ErrorType"));
  EXPECT_EQ(json_body(response).at("message").as_string(),
            "HTTP content length exceeded 6291456 bytes.");
  // Exactly the limit is fine.
  EXPECT_EQ(invoke("echo", std::string(6 * 1024 * 1024, 'x')).status, 200);
}

TEST_F(RuntimeInvokeTest, ContainerErrorsBecomeModelError424) {
  const auto response = invoke("failing", R"({"bad":true})");
  ASSERT_EQ(response.status, 424);
  EXPECT_TRUE(response.headers.get("x-amzn-ErrorType")->starts_with("ModelError"));
  const auto body = json_body(response);
  EXPECT_EQ(body.at("OriginalStatusCode").as_int64(), 400);
  EXPECT_EQ(body.at("OriginalMessage").as_string(), R"({"error":"stand-in failure"})");
  EXPECT_EQ(body.at("ErrorCode").as_string(), "CLIENT_ERROR_FROM_MODEL");
  EXPECT_EQ(body.at("LogStreamArn").as_string(),
            "arn:aws:logs:us-east-1:000000000000:log-group:/aws/sagemaker/Endpoints/failing");
  const std::string message(body.at("Message").as_string());
  EXPECT_TRUE(message.starts_with(
      R"(Received client error (400) from primary with message "{"error":"stand-in failure"}". See https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logEventViewer:group=/aws/sagemaker/Endpoints/failing in account 000000000000 for more information.)"))
      << message;
}

TEST_F(RuntimeInvokeTest, InferenceComponentIsRequiredOnComponentEndpoints) {
  auto response = invoke("with-components", "{}");
  EXPECT_EQ(response.status, 400);
  auto body = json_body(response);
  EXPECT_EQ(body.at("ErrorCode").as_string(), "INFERENCE_COMPONENT_NAME_MISSING");
  EXPECT_EQ(body.at("Message").as_string(),
            "Inference Component Name header is required for endpoints to which you plan to "
            "deploy inference components. Please include Inference Component Name header or "
            "consider using SageMaker models.");

  Headers unknown;
  unknown.add("X-Amzn-SageMaker-Inference-Component", "ic-two");
  response = invoke("with-components", "{}", unknown);
  EXPECT_EQ(response.status, 400);
  EXPECT_TRUE(response.headers.get("x-amzn-ErrorType")->starts_with("ValidationError"));

  Headers known;
  known.add("X-Amzn-SageMaker-Inference-Component", "ic-one");
  response = invoke("with-components", "{}", known);
  ASSERT_EQ(response.status, 200) << response.body;
  body = json_body(response);
  EXPECT_EQ(body.at("component").as_string(), "ic-one");
  EXPECT_EQ(body.at("model").as_string(), "model-one");
}

TEST_F(RuntimeInvokeTest, ComponentHeaderOnAPlainEndpointIsRejected) {
  Headers headers;
  headers.add("X-Amzn-SageMaker-Inference-Component", "ic-one");
  EXPECT_EQ(invoke("echo", "{}", headers).status, 400);
}

TEST_F(RuntimeInvokeTest, TargetVariantIsHonouredAndValidated) {
  for (const std::string variant : {"blue", "green"}) {
    Headers headers;
    headers.add("X-Amzn-SageMaker-Target-Variant", variant);
    const auto response = invoke("two-variants", "{}", headers);
    ASSERT_EQ(response.status, 200);
    EXPECT_EQ(response.headers.get("x-Amzn-Invoked-Production-Variant"), variant);
    EXPECT_EQ(json_body(response).at("variant").as_string(), variant);
  }
  Headers wrong;
  wrong.add("X-Amzn-SageMaker-Target-Variant", "red");
  EXPECT_EQ(invoke("two-variants", "{}", wrong).status, 400);
}

TEST_F(RuntimeInvokeTest, WeightedVariantsBothServeTraffic) {
  std::set<std::string> seen;
  for (int i = 0; i < 40; ++i)
    seen.insert(std::string(
        *invoke("two-variants", "{}").headers.get("x-Amzn-Invoked-Production-Variant")));
  EXPECT_EQ(seen, (std::set<std::string>{"blue", "green"}));
}

TEST_F(RuntimeInvokeTest, TargetModelHeaderIsRejectedOnSingleModelEndpoints) {
  Headers headers;
  headers.add("X-Amzn-SageMaker-Target-Model", "model.tar.gz");
  const auto response = invoke("echo", "{}", headers);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(json_body(response).at("Message").as_string(),
            "Endpoint echo is not a multi-model endpoint and does not support target model "
            "header.");
}

TEST_F(RuntimeInvokeTest, InvalidEndpointNameIsAValidationError) {
  const auto response = invoke("bad_name", "{}");
  EXPECT_EQ(response.status, 400);
  EXPECT_NE(json_body(response).at("Message").as_string().find("endpointName"),
            boost::json::string::npos);
}

}  // namespace
}  // namespace smp::emulator::testing
