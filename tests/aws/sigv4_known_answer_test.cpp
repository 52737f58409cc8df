// SageMaker known-answer vectors (aws-wire.md §3.7, produced with botocore) and the bearer-token
// presign vector of §1.8, with and without a session token.
#include <gtest/gtest.h>

#include "aws/crypto.hpp"
#include "aws/sigv4.hpp"
#include "aws/sigv4_time.hpp"
#include "base/base64.hpp"

namespace smp::aws {
namespace {

using namespace std::chrono_literals;

Credentials example_credentials(std::string token = "") {
  Credentials c;
  c.access_key_id = "AKIDEXAMPLE";
  c.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  c.session_token = std::move(token);
  return c;
}

SigningParams params_for(std::string region) {
  SigningParams p;
  p.region = std::move(region);
  p.service = "sagemaker";
  p.time = *parse_amz_date("20240115T120000Z");
  return p;
}

// The last line of a string to sign: the hex SHA-256 of the canonical request.
std::string hash_line(const std::string& string_to_sign) {
  return string_to_sign.substr(string_to_sign.rfind('\n') + 1);
}

HttpRequest invoke_endpoint() {
  HttpRequest r;
  r.method = "POST";
  r.url = "https://runtime.sagemaker.us-east-1.amazonaws.com/endpoints/my-endpoint/invocations";
  // The order the SageMaker client adds them in; canonical order is the signer's business.
  r.headers.add("Content-Type", "application/json");
  r.headers.add("Accept", "application/json");
  r.headers.add("X-Amzn-SageMaker-Custom-Attributes", "accept_eula=true");
  r.headers.add("X-Amzn-SageMaker-Inference-Component", "ic-1");
  r.body = R"({"inputs":"Hello"})";
  return r;
}

TEST(SigV4KnownAnswer, InvokeEndpoint) {
  HttpRequest r = invoke_endpoint();
  const SigningStages s = sign_request(r, example_credentials(), params_for("us-east-1"));
  EXPECT_EQ(s.canonical_request,
            "POST\n"
            "/endpoints/my-endpoint/invocations\n"
            "\n"
            "accept:application/json\n"
            "content-type:application/json\n"
            "host:runtime.sagemaker.us-east-1.amazonaws.com\n"
            "x-amz-date:20240115T120000Z\n"
            "x-amzn-sagemaker-custom-attributes:accept_eula=true\n"
            "x-amzn-sagemaker-inference-component:ic-1\n"
            "\n"
            "accept;content-type;host;x-amz-date;x-amzn-sagemaker-custom-attributes;"
            "x-amzn-sagemaker-inference-component\n"
            "00dbb4931b84b34c9982484c2654d512cd51bdb324d32e2a75b6b27fe9c5293a");
  EXPECT_EQ(hash_line(s.string_to_sign),
            "20d98950637c6a7ac16ae9a7f36d3f70f05bf5627e8470fdfcca8a116d087397");
  EXPECT_EQ(s.signature, "cc73901f949d001ab2abdd9ce2cd3f6a4c9a02df9f3dbe20e6fd441d661a00d2");
  EXPECT_EQ(s.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240115/us-east-1/sagemaker/aws4_request, "
            "SignedHeaders=accept;content-type;host;x-amz-date;x-amzn-sagemaker-custom-attributes;"
            "x-amzn-sagemaker-inference-component, "
            "Signature=cc73901f949d001ab2abdd9ce2cd3f6a4c9a02df9f3dbe20e6fd441d661a00d2");
  EXPECT_EQ(r.headers.get("Host"), "runtime.sagemaker.us-east-1.amazonaws.com");
  EXPECT_EQ(r.headers.get("X-Amz-Date"), "20240115T120000Z");
  EXPECT_EQ(r.headers.get("Authorization"), s.authorization);
  EXPECT_FALSE(r.headers.contains("X-Amz-Security-Token"));
  EXPECT_FALSE(r.headers.contains("X-Amz-Content-SHA256"));  // not for SageMaker (§3.5)
}

TEST(SigV4KnownAnswer, InvokeEndpointWithSessionToken) {
  HttpRequest r = invoke_endpoint();
  const SigningStages s =
      sign_request(r, example_credentials("SESSIONTOKEN/EXAMPLE+=="), params_for("us-east-1"));
  EXPECT_NE(s.canonical_request.find("x-amz-date:20240115T120000Z\n"
                                     "x-amz-security-token:SESSIONTOKEN/EXAMPLE+==\n"
                                     "x-amzn-sagemaker-custom-attributes:accept_eula=true\n"),
            std::string::npos);
  EXPECT_EQ(s.signed_headers,
            "accept;content-type;host;x-amz-date;x-amz-security-token;"
            "x-amzn-sagemaker-custom-attributes;x-amzn-sagemaker-inference-component");
  EXPECT_EQ(hash_line(s.string_to_sign),
            "94ad0d41ba2db00190bd093cc5a0a3a1c13cde41a692289cab11a9b84b9af1b2");
  EXPECT_EQ(s.signature, "398120dc67248860062b7a231acda18b70e9ec0e6c3733b056a7514b443fb892");
  EXPECT_EQ(r.headers.get("X-Amz-Security-Token"), "SESSIONTOKEN/EXAMPLE+==");  // sent raw
}

TEST(SigV4KnownAnswer, InvokeEndpointWithResponseStream) {
  HttpRequest r;
  r.method = "POST";
  r.url =
      "https://runtime.sagemaker.us-east-1.amazonaws.com/endpoints/my-endpoint/"
      "invocations-response-stream";
  r.headers.add("Content-Type", "application/json");
  r.headers.add("X-Amzn-SageMaker-Accept", "text/event-stream");
  r.body = R"({"inputs":"Hello","stream":true})";
  const SigningStages s = sign_request(r, example_credentials(), params_for("us-east-1"));
  EXPECT_EQ(s.signed_headers, "content-type;host;x-amz-date;x-amzn-sagemaker-accept");
  EXPECT_TRUE(s.canonical_request.ends_with(
      "\n0571eeb62b23cba386f8f3a192bb06f79bfa7a2ef00e7fb959f811861c63c5ed"));
  EXPECT_EQ(s.signature, "bef00539e41c2683e50dec57737cf171853bb093ab51ae148bd5a808506c925b");
}

TEST(SigV4KnownAnswer, ResigningARetryReplacesThePreviousSignature) {
  HttpRequest r = invoke_endpoint();
  sign_request(r, example_credentials("OLD"), params_for("us-east-1"));
  SigningParams later = params_for("us-east-1");
  later.time += 1h;
  const SigningStages s = sign_request(r, example_credentials("SESSIONTOKEN/EXAMPLE+=="), later);
  int authorizations = 0, dates = 0, tokens = 0;
  for (const auto& [name, value] : r.headers) {
    authorizations += iequals(name, "Authorization");
    dates += iequals(name, "X-Amz-Date");
    tokens += iequals(name, "X-Amz-Security-Token");
  }
  EXPECT_EQ(authorizations, 1);
  EXPECT_EQ(dates, 1);
  EXPECT_EQ(tokens, 1);
  EXPECT_EQ(r.headers.get("X-Amz-Date"), "20240115T130000Z");
  EXPECT_EQ(r.headers.get("X-Amz-Security-Token"), "SESSIONTOKEN/EXAMPLE+==");
  EXPECT_EQ(r.headers.get("Authorization"), s.authorization);
}

// aws-wire.md §1.8: the token is "sagemaker-api-key-" + base64(presigned URL without the scheme
// + "&Version=1") for POST https://sagemaker.amazonaws.com/?Action=CallWithBearerToken.
std::string bearer_token(const Credentials& credentials, SigningStages& stages) {
  HttpRequest r;
  r.method = "POST";
  r.url = "https://sagemaker.amazonaws.com/?Action=CallWithBearerToken";
  const std::string url = presign_url(r, credentials, params_for("us-west-2"), 43200s, stages);
  EXPECT_TRUE(url.starts_with("https://"));
  return "sagemaker-api-key-" + base64_encode(url.substr(8) + "&Version=1");
}

TEST(SigV4KnownAnswer, BearerTokenPresign) {
  SigningStages stages;
  const std::string token = bearer_token(example_credentials(), stages);
  EXPECT_EQ(stages.canonical_request,
            "POST\n"
            "/\n"
            "Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
            "AKIDEXAMPLE%2F20240115%2Fus-west-2%2Fsagemaker%2Faws4_request&X-Amz-Date="
            "20240115T120000Z&X-Amz-Expires=43200&X-Amz-SignedHeaders=host\n"
            "host:sagemaker.amazonaws.com\n"
            "\n"
            "host\n"
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(*base64_decode(token.substr(18)),
            "sagemaker.amazonaws.com/?Action=CallWithBearerToken&X-Amz-Algorithm=AWS4-HMAC-SHA256"
            "&X-Amz-Credential=AKIDEXAMPLE%2F20240115%2Fus-west-2%2Fsagemaker%2Faws4_request"
            "&X-Amz-Date=20240115T120000Z&X-Amz-Expires=43200&X-Amz-SignedHeaders=host"
            "&X-Amz-Signature=64e0be11c6cedbd5e8e136d416ab68e7955f1958537aef38e8efb50baa5d8731"
            "&Version=1");
  EXPECT_EQ(token,
            "sagemaker-api-key-"
            "c2FnZW1ha2VyLmFtYXpvbmF3cy5jb20vP0FjdGlvbj1DYWxsV2l0aEJlYXJlclRva2VuJlgtQW16LUFsZ29y"
            "aXRobT1BV1M0LUhNQUMtU0hBMjU2JlgtQW16LUNyZWRlbnRpYWw9QUtJREVYQU1QTEUlMkYyMDI0MDExNSUy"
            "RnVzLXdlc3QtMiUyRnNhZ2VtYWtlciUyRmF3czRfcmVxdWVzdCZYLUFtei1EYXRlPTIwMjQwMTE1VDEyMDAw"
            "MFomWC1BbXotRXhwaXJlcz00MzIwMCZYLUFtei1TaWduZWRIZWFkZXJzPWhvc3QmWC1BbXotU2lnbmF0dXJl"
            "PTY0ZTBiZTExYzZjZWRiZDVlOGUxMzZkNDE2YWI2OGU3OTU1ZjE5NTg1MzdhZWYzOGU4ZWZiNTBiYWE1ZDg3"
            "MzEmVmVyc2lvbj0x");
}

TEST(SigV4KnownAnswer, BearerTokenPresignWithSessionToken) {
  SigningStages stages;
  const std::string token = bearer_token(example_credentials("SESSIONTOKEN/EXAMPLE+=="), stages);
  EXPECT_NE(stages.canonical_request.find(
                "&X-Amz-Expires=43200&X-Amz-Security-Token=SESSIONTOKEN%2FEXAMPLE%2B%3D%3D"
                "&X-Amz-SignedHeaders=host\n"),
            std::string::npos);
  EXPECT_EQ(stages.signature, "3ee6430207c27c82017aa7279896b6b901feecbf38974170797e7d9fb19dbd26");
  const std::string url = *base64_decode(token.substr(18));
  EXPECT_NE(url.find("&X-Amz-Security-Token=SESSIONTOKEN%2FEXAMPLE%2B%3D%3D"), std::string::npos);
  EXPECT_TRUE(url.ends_with(
      "&X-Amz-Signature=3ee6430207c27c82017aa7279896b6b901feecbf38974170797e7d9fb19dbd26"
      "&Version=1"));
}

}  // namespace
}  // namespace smp::aws
