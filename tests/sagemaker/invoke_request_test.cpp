#include "sagemaker/invoke_request.hpp"

#include <gtest/gtest.h>

namespace smp::sagemaker {
namespace {

InvokeRequest valid_request() {
  InvokeRequest r;
  r.endpoint_name = "my-endpoint";
  r.body = R"({"inputs":"Hello"})";
  return r;
}

TEST(InvokeRequestValidation, AcceptsAValidRequestInBothModes) {
  EXPECT_TRUE(validate(valid_request(), InvokeMode::buffered));
  EXPECT_TRUE(validate(valid_request(), InvokeMode::streaming));
}

TEST(InvokeRequestValidation, RejectsBadEndpointNamesWithTheRule) {
  for (const char* name : {"", "-leading", "trailing-", "under_score", "dot.name", "spa ce"}) {
    InvokeRequest r = valid_request();
    r.endpoint_name = name;
    auto result = validate(r, InvokeMode::buffered);
    ASSERT_FALSE(result) << name;
    EXPECT_EQ(result.error().kind, ErrorKind::invalid_argument);
  }
  InvokeRequest r = valid_request();
  r.endpoint_name = std::string(64, 'a');
  EXPECT_FALSE(validate(r, InvokeMode::buffered));
  r.endpoint_name = std::string(63, 'a');
  EXPECT_TRUE(validate(r, InvokeMode::buffered));
  r.endpoint_name = "a--b";
  EXPECT_TRUE(validate(r, InvokeMode::buffered));
}

TEST(InvokeRequestValidation, BodyLimitIsSixMebibytesAndTheMessageSuggestsS3) {
  InvokeRequest r = valid_request();
  r.body.assign(kMaxRequestBodyBytes, 'x');
  EXPECT_TRUE(validate(r, InvokeMode::buffered));
  r.body.push_back('x');
  auto result = validate(r, InvokeMode::buffered);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("6 MiB"), std::string::npos);
  EXPECT_NE(result.error().message.find("S3"), std::string::npos);
}

TEST(InvokeRequestValidation, StreamingRefusesWhatTheStreamOperationLacks) {
  InvokeRequest r = valid_request();
  r.target_model = "model.tar.gz";
  EXPECT_TRUE(validate(r, InvokeMode::buffered));
  EXPECT_FALSE(validate(r, InvokeMode::streaming));

  r = valid_request();
  r.session_id = "NEW_SESSION";
  EXPECT_TRUE(validate(r, InvokeMode::buffered));
  EXPECT_FALSE(validate(r, InvokeMode::streaming));
}

TEST(InvokeRequestValidation, HeaderValuesMustBeVisibleAscii) {
  InvokeRequest r = valid_request();
  r.custom_attributes = "accept_eula=true";
  EXPECT_TRUE(validate(r, InvokeMode::buffered));
  r.custom_attributes = "bad\r\ninjected: yes";
  EXPECT_FALSE(validate(r, InvokeMode::buffered));
  r = valid_request();
  r.inference_id = " leading-space";
  EXPECT_FALSE(validate(r, InvokeMode::buffered));
  r.inference_id = std::string(65, 'x');
  EXPECT_FALSE(validate(r, InvokeMode::buffered));
}

TEST(BuildHttpRequest, BufferedUsesAcceptAndEveryOptionalHeader) {
  InvokeRequest r = valid_request();
  r.accept = "application/json";
  r.custom_attributes = "accept_eula=true";
  r.inference_component = "ic-1";
  r.target_model = "m.tar.gz";
  r.target_variant = "v1";
  HttpRequest http = build_http_request(r, InvokeMode::buffered, "https://h.example/");
  EXPECT_EQ(http.method, "POST");
  EXPECT_EQ(http.url, "https://h.example/endpoints/my-endpoint/invocations");
  EXPECT_EQ(http.headers.get("Accept"), "application/json");
  EXPECT_EQ(http.headers.get("X-Amzn-SageMaker-Inference-Component"), "ic-1");
  EXPECT_EQ(http.headers.get("X-Amzn-SageMaker-Target-Model"), "m.tar.gz");
  EXPECT_EQ(http.headers.get("X-Amzn-SageMaker-Target-Variant"), "v1");
  EXPECT_EQ(http.body, r.body);
  EXPECT_FALSE(http.headers.contains("X-Amzn-SageMaker-Accept"));
}

TEST(BuildHttpRequest, StreamingUsesTheSageMakerAcceptHeaderAndStreamPath) {
  InvokeRequest r = valid_request();
  r.accept = "text/event-stream";
  HttpRequest http = build_http_request(r, InvokeMode::streaming, "http://127.0.0.1:4566");
  EXPECT_EQ(http.url, "http://127.0.0.1:4566/endpoints/my-endpoint/invocations-response-stream");
  EXPECT_EQ(http.headers.get("X-Amzn-SageMaker-Accept"), "text/event-stream");
  EXPECT_FALSE(http.headers.contains("Accept"));
  EXPECT_FALSE(http.headers.contains("X-Amzn-SageMaker-Custom-Attributes"));
}

}  // namespace
}  // namespace smp::sagemaker
