#include "sagemaker/endpoint_description.hpp"

#include <gtest/gtest.h>

namespace smp::sagemaker {
namespace {

TEST(DescribeEndpointRequest, IsJson11WithTheTarget) {
  HttpRequest req =
      build_describe_endpoint_request("my-ep", "https://api.sagemaker.us-east-1.amazonaws.com");
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.url, "https://api.sagemaker.us-east-1.amazonaws.com/");
  EXPECT_EQ(req.headers.get("X-Amz-Target"), "SageMaker.DescribeEndpoint");
  EXPECT_EQ(req.headers.get("Content-Type"), "application/x-amz-json-1.1");
  EXPECT_EQ(req.body, R"({"EndpointName":"my-ep"})");
}

TEST(DescribeEndpointResponse, ParsesStatusAndVariants) {
  auto d = parse_describe_endpoint(R"({
    "EndpointName": "my-ep", "EndpointArn": "arn:aws:sagemaker:us-east-1:123456789012:endpoint/my-ep",
    "EndpointConfigName": "cfg", "EndpointStatus": "InService", "CreationTime": 1700000000.5,
    "ProductionVariants": [
      {"VariantName": "AllTraffic", "CurrentInstanceCount": 1, "DesiredInstanceCount": 2,
       "CurrentWeight": 1.0},
      {"VariantName": "Serverless", "CurrentServerlessConfig": {"MemorySizeInMB": 2048}}
    ]})");
  ASSERT_TRUE(d) << d.error().describe();
  EXPECT_TRUE(d->in_service());
  EXPECT_EQ(d->arn, "arn:aws:sagemaker:us-east-1:123456789012:endpoint/my-ep");
  ASSERT_EQ(d->variants.size(), 2u);
  EXPECT_EQ(d->variants[0].current_instance_count, 1);
  EXPECT_EQ(d->variants[0].desired_instance_count, 2);
  EXPECT_FALSE(d->variants[0].serverless);
  EXPECT_TRUE(d->variants[1].serverless);
  EXPECT_DOUBLE_EQ(*d->creation_time, 1700000000.5);
}

TEST(DescribeEndpointResponse, FailedEndpointKeepsTheReason) {
  auto d = parse_describe_endpoint(
      R"({"EndpointName":"e","EndpointStatus":"Failed","FailureReason":"Image not found"})");
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->in_service());
  EXPECT_EQ(d->failure_reason, "Image not found");
}

TEST(DescribeEndpointResponse, RejectsOtherShapes) {
  for (const char* body : {"", "[]", "not json", R"({"EndpointName":"e"})"}) {
    auto d = parse_describe_endpoint(body);
    ASSERT_FALSE(d) << body;
    EXPECT_EQ(d.error().kind, ErrorKind::protocol);
  }
}

}  // namespace
}  // namespace smp::sagemaker
