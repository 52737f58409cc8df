// AWS error responses of every shape in aws-wire.md §1.7 and §4.5, parsed and classified.
#include "aws/aws_error.hpp"

#include <gtest/gtest.h>

namespace smp::aws {
namespace {

HttpResponse response(int status, std::string body,
                      std::vector<std::pair<std::string, std::string>> headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  for (auto& [name, value] : headers)
    r.headers.add(name, value);
  return r;
}

TEST(AwsErrorJson, MissingEndpointIsNotFound) {
  // botocore-verified shape (§1.7.3): code from x-amzn-ErrorType with its ":http://…" suffix.
  const Error e = parse_json_error(
      response(400, R"({"message":"Endpoint my-endpoint of account 123456789012 not found."})",
               {{"x-amzn-ErrorType",
                 "ValidationError:http://internal.amazon.com/coral/com.amazon.coral.validate/"},
                {"x-amzn-RequestId", "c2b7e3a4-0000-4e8b-9a57-1234567890ab"},
                {"Content-Type", "application/json"}}));
  EXPECT_EQ(e.code, "ValidationError");
  EXPECT_EQ(e.kind, ErrorKind::not_found);
  EXPECT_FALSE(e.retryable);
  EXPECT_EQ(e.http_status, 400);
  EXPECT_EQ(e.message, "Endpoint my-endpoint of account 123456789012 not found.");
  EXPECT_EQ(e.request_id, "c2b7e3a4-0000-4e8b-9a57-1234567890ab");
}

TEST(AwsErrorJson, OtherValidationErrorsAreRejected) {
  const Error e = parse_json_error(
      response(400, R"({"Message":"1 validation error detected: Value 'x y' at 'endpointName'"})",
               {{"X-Amzn-ErrorType", "ValidationError"}}));
  EXPECT_EQ(e.kind, ErrorKind::rejected);
  EXPECT_EQ(e.message, "1 validation error detected: Value 'x y' at 'endpointName'");
}

TEST(AwsErrorJson, ControlPlaneMissingEndpointIsNotFound) {
  const Error e = parse_json_error(response(
      400,
      R"({"__type":"com.amazonaws.sagemaker#ValidationException","message":"Could not find endpoint \"arn:aws:sagemaker:us-east-1:123456789012:endpoint/nope\"."})"));
  EXPECT_EQ(e.code, "ValidationException");
  EXPECT_EQ(e.kind, ErrorKind::not_found);
}

TEST(AwsErrorJson, ModelErrorKeepsTheContainerFacts) {
  // The fixture copied from a real response (§1.7.1).
  const std::string body =
      R"({"ErrorCode":"CLIENT_ERROR_FROM_MODEL",
 "LogStreamArn":"arn:aws:logs:us-east-1:12345678:log-group:/aws/sagemaker/Endpoints/demo-test-name",
 "Message":"Received client error (404) from primary with message \"{\n \"code\":404, ...}\". See https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logEventViewer:group=/aws/sagemaker/Endpoints/demo-test-name in account 12345678 for more information.",
 "OriginalMessage":"{\n \"code\":500, ...}",
 "OriginalStatusCode":404})";
  const Error e = parse_json_error(response(424, body, {{"x-amzn-ErrorType", "ModelError"}}));
  EXPECT_EQ(e.code, "ModelError");
  EXPECT_EQ(e.kind, ErrorKind::model);
  EXPECT_FALSE(e.retryable);
  EXPECT_EQ(e.http_status, 424);
  EXPECT_TRUE(e.message.starts_with("Received client error (404) from primary"));
  ASSERT_NE(e.detail("OriginalStatusCode"), nullptr);
  EXPECT_EQ(*e.detail("OriginalStatusCode"), "404");
  EXPECT_EQ(*e.detail("OriginalMessage"), "{\n \"code\":500, ...}");
  EXPECT_EQ(*e.detail("LogStreamArn"),
            "arn:aws:logs:us-east-1:12345678:log-group:/aws/sagemaker/Endpoints/demo-test-name");
  EXPECT_EQ(*e.detail("ErrorCode"), "CLIENT_ERROR_FROM_MODEL");
}

TEST(AwsErrorJson, ModeledRuntimeErrorsByCode) {
  struct Case {
    std::string code;
    int status;
    ErrorKind kind;
    bool retryable;
  };
  const Case cases[] = {
      {"ModelNotReadyException", 429, ErrorKind::unavailable, true},
      {"InternalFailure", 500, ErrorKind::unavailable, true},
      {"ServiceUnavailable", 503, ErrorKind::unavailable, true},
      {"InternalDependencyException", 530, ErrorKind::unavailable, false},
      {"AccessDeniedException", 400, ErrorKind::auth, false},
      {"UnrecognizedClientException", 403, ErrorKind::auth, false},
      {"InvalidSignatureException", 403, ErrorKind::auth, false},
      {"IncompleteSignature", 400, ErrorKind::auth, false},
      {"ExpiredTokenException", 403, ErrorKind::auth, false},
      {"InvalidClientTokenId", 403, ErrorKind::auth, false},
      {"OptInRequired", 403, ErrorKind::auth, false},
      {"RequestExpired", 400, ErrorKind::auth, false},
      {"ThrottlingException", 400, ErrorKind::throttled, true},
      {"TooManyRequestsException", 429, ErrorKind::throttled, true},
      {"RequestTimeoutException", 408, ErrorKind::timeout, true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.code);
    const Error e = parse_json_error(
        response(c.status, R"({"message":"m"})", {{"x-amzn-ErrorType", c.code + ":http://x/"}}));
    EXPECT_EQ(e.code, c.code);
    EXPECT_EQ(e.kind, c.kind);
    EXPECT_EQ(e.retryable, c.retryable);
    EXPECT_EQ(e.http_status, c.status);
  }
}

TEST(AwsErrorJson, VerbatimMissingAuthenticationToken) {
  // aws/amazon-sagemaker-examples#290, the one verbatim capture of §1.7.2.
  const Error e =
      parse_json_error(response(403, R"({"message": "Missing Authentication Token"})",
                                {{"x-amzn-ErrorType",
                                  "MissingAuthenticationTokenException:http://internal.amazon.com/"
                                  "coral/com.amazon.coral.service/"}}));
  EXPECT_EQ(e.code, "MissingAuthenticationTokenException");
  EXPECT_EQ(e.kind, ErrorKind::auth);
  EXPECT_EQ(e.message, "Missing Authentication Token");
}

TEST(AwsErrorJson, CodeFromTheBodyWhenTheHeaderIsAbsent) {
  EXPECT_EQ(
      parse_json_error(
          response(
              400,
              R"({"__type":"com.amazon.coral.service#ThrottlingException","Message":"Rate exceeded"})"))
          .code,
      "ThrottlingException");
  EXPECT_EQ(parse_json_error(response(400, R"({"code":"ValidationError","message":"x"})")).code,
            "ValidationError");
  EXPECT_EQ(parse_json_error(response(400, R"({"Code":"ValidationError","message":"x"})")).code,
            "ValidationError");
  // The header wins over the body.
  EXPECT_EQ(parse_json_error(response(400, R"({"__type":"A"})", {{"x-amzn-errortype", "B"}})).code,
            "B");
  // "message" wins over "Message" (botocore's order).
  EXPECT_EQ(parse_json_error(response(400, R"({"Message":"upper","message":"lower"})")).message,
            "lower");
}

TEST(AwsErrorJson, NoCodeAnywhereFallsBackToTheStatus) {
  const Error e = parse_json_error(response(502, "{}"));
  EXPECT_EQ(e.code, "502");
  EXPECT_EQ(e.kind, ErrorKind::unavailable);
  EXPECT_TRUE(e.retryable);
  EXPECT_NE(e.message.find("HTTP 502"), std::string::npos);
  const Error empty = parse_json_error(response(503, ""));
  EXPECT_EQ(empty.code, "503");
  EXPECT_TRUE(empty.retryable);
  EXPECT_EQ(parse_json_error(response(413, "")).kind, ErrorKind::rejected);
  EXPECT_EQ(parse_json_error(response(404, "")).kind, ErrorKind::not_found);
  EXPECT_EQ(parse_json_error(response(501, "")).retryable, false);
}

TEST(AwsErrorJson, ProxyHtmlBecomesTheMessage) {
  const std::string html =
      "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body>\r\n</html>\r\n";
  const Error e = parse_json_error(response(502, html, {{"Content-Type", "text/html"}}));
  EXPECT_EQ(e.code, "502");
  EXPECT_EQ(e.kind, ErrorKind::unavailable);
  EXPECT_TRUE(e.retryable);
  EXPECT_EQ(e.message, html.substr(0, html.size() - 2));  // trimmed, otherwise verbatim
}

TEST(AwsErrorJson, LongRawTextIsTruncatedOnACharacterBoundary) {
  std::string body(max_raw_error_text - 1, 'a');
  body += "é";  // two bytes straddling the limit
  body += std::string(1000, 'b');
  const Error e = parse_json_error(response(500, body));
  EXPECT_EQ(e.message, std::string(max_raw_error_text - 1, 'a') + "…");
}

TEST(AwsErrorJson, RequestIdFromS3StyleHeader) {
  EXPECT_EQ(parse_json_error(response(500, "{}", {{"x-amz-request-id", "abc"}})).request_id, "abc");
}

TEST(AwsErrorJson, OpenAiEnvelope) {
  const Error e = parse_json_error(response(
      400,
      R"({"error":{"message":"Endpoint my-ep has no capacity. Scaling up.","type":"invalid_request_error","code":null}})"));
  EXPECT_EQ(e.message, "Endpoint my-ep has no capacity. Scaling up.");
  EXPECT_EQ(e.code, "invalid_request_error");
  EXPECT_EQ(e.kind, ErrorKind::unavailable);
  EXPECT_FALSE(e.retryable);
}

TEST(AwsErrorXml, StsQueryErrorResponse) {
  const std::string body =
      R"(<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::111122223333:user/x is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/demo</Message></Error>
  <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
</ErrorResponse>)";
  const Error e = parse_error_response(response(403, body), ErrorProtocol::query_xml);
  EXPECT_EQ(e.code, "AccessDenied");
  EXPECT_EQ(e.kind, ErrorKind::auth);
  EXPECT_FALSE(e.retryable);
  EXPECT_EQ(e.request_id, "c6104cbe-af31-11e0-8154-cbc7ccf896c7");
  EXPECT_TRUE(e.message.starts_with("User: arn:aws:iam::111122223333:user/x is not authorized"));
  ASSERT_NE(e.detail("Type"), nullptr);
  EXPECT_EQ(*e.detail("Type"), "Sender");
}

TEST(AwsErrorXml, StsCodesFromTheTableOfSection45) {
  struct Case {
    std::string code;
    int status;
    ErrorKind kind;
    bool retryable;
  };
  const Case cases[] = {
      {"MalformedPolicyDocument", 400, ErrorKind::rejected, false},
      {"PackedPolicyTooLarge", 400, ErrorKind::rejected, false},
      {"RegionDisabledException", 403, ErrorKind::auth, false},
      {"ExpiredTokenException", 400, ErrorKind::auth, false},
      {"IDPRejectedClaim", 403, ErrorKind::auth, false},
      {"InvalidIdentityToken", 400, ErrorKind::auth, false},
      {"IDPCommunicationError", 400, ErrorKind::unavailable, true},
      {"ExpiredToken", 403, ErrorKind::auth, false},
      {"SignatureDoesNotMatch", 403, ErrorKind::auth, false},
      {"ValidationError", 400, ErrorKind::rejected, false},
      {"Throttling", 400, ErrorKind::throttled, true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.code);
    const std::string body = "<ErrorResponse><Error><Type>Sender</Type><Code>" + c.code +
                             "</Code><Message>m</Message></Error><RequestId>r</RequestId>"
                             "</ErrorResponse>";
    const Error e = parse_error_response(response(c.status, body), ErrorProtocol::query_xml);
    EXPECT_EQ(e.code, c.code);
    EXPECT_EQ(e.kind, c.kind);
    EXPECT_EQ(e.retryable, c.retryable);
    EXPECT_EQ(e.request_id, "r");
  }
}

TEST(AwsErrorXml, S3ErrorDocument) {
  const std::string body = R"(<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>a/b.json</Key><RequestId>4442587FB7D0A2F9</RequestId><HostId>eftixk72aD6Ap51TnqcoF8eFidJG9Z/2mkiDFu8yU9AS1ed4OpIszj7UDNEHGran</HostId></Error>)";
  const Error e = parse_error_response(response(404, body), ErrorProtocol::rest_xml);
  EXPECT_EQ(e.code, "NoSuchKey");
  EXPECT_EQ(e.kind, ErrorKind::not_found);
  EXPECT_EQ(e.message, "The specified key does not exist.");
  EXPECT_EQ(e.request_id, "4442587FB7D0A2F9");
  ASSERT_NE(e.detail("HostId"), nullptr);

  const Error slow = parse_error_response(
      response(503,
               "<Error><Code>SlowDown</Code><Message>Reduce your request rate.</Message></Error>"),
      ErrorProtocol::rest_xml);
  EXPECT_EQ(slow.kind, ErrorKind::throttled);
  EXPECT_TRUE(slow.retryable);

  const Error sig = parse_error_response(
      response(403,
               "<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we "
               "calculated does not match</Message></Error>"),
      ErrorProtocol::rest_xml);
  EXPECT_EQ(sig.kind, ErrorKind::auth);
}

TEST(AwsErrorXml, ErrorsListShapeAndRequestIdSpelling) {
  const Error e = parse_xml_error(
      response(400,
               "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>slow</Message>"
               "</Error></Errors><RequestID>rid</RequestID></Response>"));
  EXPECT_EQ(e.code, "RequestLimitExceeded");
  EXPECT_EQ(e.kind, ErrorKind::throttled);
  EXPECT_EQ(e.request_id, "rid");
}

TEST(AwsErrorXml, NonXmlBodiesAndEmptyBodies) {
  const Error html =
      parse_xml_error(response(503, "<html><body>Service Unavailable</body></html>"));
  EXPECT_EQ(html.code, "503");
  EXPECT_EQ(html.message, "<html><body>Service Unavailable</body></html>");
  EXPECT_TRUE(html.retryable);
  const Error text = parse_xml_error(response(502, "upstream connect error"));
  EXPECT_EQ(text.message, "upstream connect error");
  const Error empty = parse_xml_error(response(404, "", {{"x-amz-request-id", "rid"}}));
  EXPECT_EQ(empty.code, "404");
  EXPECT_EQ(empty.kind, ErrorKind::not_found);
  EXPECT_EQ(empty.request_id, "rid");
  EXPECT_FALSE(empty.message.empty());
}

TEST(AwsErrorCode, NormalizeLikeBotocore) {
  EXPECT_EQ(normalize_error_code("ValidationError:http://internal.amazon.com/coral/x/"),
            "ValidationError");
  EXPECT_EQ(normalize_error_code("com.amazon.coral.service#ThrottlingException"),
            "ThrottlingException");
  EXPECT_EQ(normalize_error_code("aws.protocoltests.restjson#FooError:http://internal.amazon.com/"),
            "FooError");
  EXPECT_EQ(normalize_error_code(" Throttling "), "Throttling");
  EXPECT_EQ(normalize_error_code(""), "");
}

TEST(AwsErrorCode, ClassificationRules) {
  EXPECT_EQ(classify_error("AccessDeniedForSomething", 400).kind, ErrorKind::auth);
  EXPECT_EQ(classify_error("ThrottlingSomething", 400).kind, ErrorKind::throttled);
  EXPECT_EQ(classify_error("TooManyRequests", 429).kind, ErrorKind::throttled);
  EXPECT_EQ(classify_error("ProvisionedThroughputExceededException", 400).retryable, true);
  EXPECT_EQ(classify_error("SomethingNew", 400).kind, ErrorKind::rejected);
  EXPECT_EQ(classify_error("SomethingNew", 403).kind, ErrorKind::auth);
  EXPECT_EQ(classify_error("SomethingNew", 500).retryable, true);
  EXPECT_EQ(classify_error("SomethingNew", 504).retryable, true);
  EXPECT_EQ(classify_error("SomethingNew", 429).kind, ErrorKind::throttled);
  EXPECT_EQ(classify_error("ModelStreamError", 0).kind, ErrorKind::model);
  EXPECT_EQ(classify_error("InternalStreamFailure", 0).retryable, false);
  EXPECT_EQ(classify_error("PayloadTooLarge", 413).kind, ErrorKind::rejected);
  EXPECT_EQ(classify_error("ValidationError", 400, "Endpoint e of account 1 not found.").kind,
            ErrorKind::not_found);
  EXPECT_EQ(classify_error("ValidationError", 400, "Endpoint name too long").kind,
            ErrorKind::rejected);
}

}  // namespace
}  // namespace smp::aws
