// The allocation-light header canonicalisation and sign_request (which uses it) against the
// generic path on random requests: same stages, same headers on the wire.
#include <gtest/gtest.h>

#include <random>

#include "aws/sigv4.hpp"
#include "aws/sigv4_canonical.hpp"
#include "aws/sigv4_time.hpp"

namespace smp::aws {
namespace {

class RandomHeaders {
 public:
  explicit RandomHeaders(unsigned seed) : rng_(seed) {}

  // Names from a small pool in random case (so repeats and case variants happen), values with
  // whitespace runs at the ends and inside, sometimes empty.
  Headers make(std::size_t count) {
    static const std::vector<std::string> kNames = {"Content-Type",
                                                    "Accept",
                                                    "X-Amzn-SageMaker-Custom-Attributes",
                                                    "X-Amzn-SageMaker-Target-Model",
                                                    "X-Amzn-SageMaker-Inference-Component",
                                                    "X-A",
                                                    "x-a-b",
                                                    "Zeta",
                                                    "a",
                                                    "User-Agent",
                                                    "Connection",
                                                    "X-Custom-9",
                                                    "x-amz-meta-\xc3\xa9"};
    Headers headers;
    for (std::size_t i = 0; i < count; ++i) {
      std::string name = kNames[rng_() % kNames.size()];
      for (char& c : name) {
        if (rng_() % 2 && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      }
      headers.add(std::move(name), value());
    }
    return headers;
  }

  std::string value() {
    static const std::string kPieces[] = {" ", "  ", "\t", "a", "b c", "\"q  x\"", "=", ";", "1"};
    std::string v;
    for (int i = 0, n = static_cast<int>(rng_() % 7); i < n; ++i)
      v += kPieces[rng_() % 9];
    return v;
  }

  std::mt19937& rng() { return rng_; }

 private:
  std::mt19937 rng_;
};

TEST(SigV4FastPath, CanonicalHeadersMatchTheGenericOnes) {
  RandomHeaders gen(7);
  const std::vector<SignerHeader> extra = {{"host", "example.com"},
                                           {"x-amz-date", "20240115T120000Z"}};
  for (int i = 0; i < 2000; ++i) {
    Headers headers = gen.make(gen.rng()() % 12);
    headers.remove("Host");
    headers.remove("X-Amz-Date");
    CanonicalHeaders fast;
    ASSERT_TRUE(canonical_headers_fast(headers, extra, fast.lines, fast.signed_headers));
    const CanonicalHeaders generic = canonical_headers(headers, extra);
    ASSERT_EQ(fast.lines, generic.lines);
    ASSERT_EQ(fast.signed_headers, generic.signed_headers);
  }
}

TEST(SigV4FastPath, DeclinesBeyondItsBoundsButSigningStillAgrees) {
  Headers many;
  for (int i = 0; i < 40; ++i)
    many.add("X-H-" + std::to_string(i), "v");
  CanonicalHeaders out;
  EXPECT_FALSE(canonical_headers_fast(many, {}, out.lines, out.signed_headers));

  Headers long_names;
  for (int i = 0; i < 5; ++i)
    long_names.add(std::string(300, static_cast<char>('a' + i)), "v");
  EXPECT_FALSE(canonical_headers_fast(long_names, {}, out.lines, out.signed_headers));

  Credentials creds{.access_key_id = "AKID", .secret_access_key = "secret"};
  SigningParams params{
      .region = "us-east-1", .service = "sagemaker", .time = *parse_amz_date("20240115T120000Z")};
  for (const Headers& headers : {many, long_names}) {
    HttpRequest a{.method = "POST", .url = "https://h/x", .headers = headers, .body = "{}"};
    HttpRequest b = a;
    EXPECT_EQ(sign_request(a, creds, params).canonical_request,
              sign_request_generic(b, creds, params).canonical_request);
  }
}

TEST(SigV4FastPath, SignRequestMatchesTheGenericSigner) {
  RandomHeaders gen(11);
  for (int i = 0; i < 500; ++i) {
    HttpRequest request;
    request.method = i % 3 ? "POST" : "get";
    request.url = i % 2
                      ? "https://runtime.sagemaker.us-east-1.amazonaws.com/endpoints/e/invocations"
                      : "http://LOCALHOST:8080/a//b/../c%20d?x=1&b=%2F";
    request.headers = gen.make(gen.rng()() % 10);
    if (i % 5 == 0) request.headers.add("Host", "explicit.example.com");
    request.body = gen.value();

    Credentials creds;
    creds.access_key_id = "AKIDEXAMPLE";
    creds.secret_access_key = "secret" + std::to_string(i % 3);
    if (i % 2) creds.session_token = "token/" + std::to_string(i);

    SigningParams params;
    params.region = "eu-west-1";
    params.service = i % 4 ? "sagemaker" : "s3";
    params.time = *parse_amz_date("20240115T120000Z") + std::chrono::seconds(i);
    params.normalize_path = params.double_encode_path = params.service != "s3";
    params.add_content_sha256 = params.service == "s3";
    params.sign_session_token = i % 7 != 0;

    HttpRequest generic_request = request;
    const SigningStages fast = sign_request(request, creds, params);
    const SigningStages generic = sign_request_generic(generic_request, creds, params);
    ASSERT_EQ(fast.canonical_request, generic.canonical_request);
    ASSERT_EQ(fast.string_to_sign, generic.string_to_sign);
    ASSERT_EQ(fast.signature, generic.signature);
    ASSERT_EQ(fast.signed_headers, generic.signed_headers);
    ASSERT_EQ(fast.authorization, generic.authorization);
    ASSERT_EQ(request.headers.fields(), generic_request.headers.fields());
  }
}

}  // namespace
}  // namespace smp::aws
