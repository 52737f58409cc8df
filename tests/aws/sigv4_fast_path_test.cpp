// The allocation-light header canonicalisation and sign_request (which uses it) against the
// generic path on random requests: same stages, same headers on the wire. sign_request_fast (no
// stages, headers rewritten in place) against sign_request, for first signatures and re-signs.
#include <gtest/gtest.h>

#include <random>

#include "aws/sigv4.hpp"
#include "aws/sigv4_canonical.hpp"
#include "aws/sigv4_time.hpp"
#include "aws/sigv4_verify.hpp"

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

std::vector<Headers::Field> sorted_fields(const Headers& headers) {
  std::vector<Headers::Field> fields = headers.fields();
  std::stable_sort(fields.begin(), fields.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return fields;
}

struct RandomSigning {
  HttpRequest request;
  Credentials credentials;
  SigningParams params;
};

RandomSigning random_signing(RandomHeaders& gen, int i) {
  RandomSigning s;
  s.request.method = i % 3 ? "POST" : "get";
  s.request.url = i % 2
                      ? "https://runtime.sagemaker.us-east-1.amazonaws.com/endpoints/e/invocations"
                      : "http://LOCALHOST:8080/a//b/../c%20d?x=1&b=%2F";
  s.request.headers = gen.make(gen.rng()() % 10);
  if (i % 5 == 0) s.request.headers.add("Host", "explicit.example.com");
  s.request.body = gen.value();
  s.credentials.access_key_id = "AKIDEXAMPLE";
  s.credentials.secret_access_key = "secret" + std::to_string(i % 3);
  if (gen.rng()() % 2) s.credentials.session_token = "token/" + std::to_string(i);
  s.params.region = "eu-west-1";
  s.params.service = i % 4 ? "sagemaker" : "s3";
  s.params.time = *parse_amz_date("20240115T120000Z") + std::chrono::seconds(i);
  s.params.normalize_path = s.params.double_encode_path = s.params.service != "s3";
  s.params.add_content_sha256 = s.params.service == "s3";
  s.params.sign_session_token = i % 7 != 0;
  return s;
}

TEST(SigV4FastPath, FastSignerWritesWhatTheStagedSignerWrites) {
  RandomHeaders gen(13);
  for (int i = 0; i < 500; ++i) {
    RandomSigning s = random_signing(gen, i);
    HttpRequest staged = s.request;
    sign_request(staged, s.credentials, s.params);
    sign_request_fast(s.request, s.credentials, s.params);
    ASSERT_EQ(s.request.headers.fields(), staged.headers.fields()) << "case " << i;
  }
}

TEST(SigV4FastPath, ReSigningInPlaceEqualsSigningTheOriginalAfresh) {
  // A retry re-signs the already signed request, possibly with refreshed credentials (a token
  // that appears, changes or goes away) and a later time: the result must be exactly what
  // signing the unsigned request with the final inputs gives, never a stale header.
  RandomHeaders gen(17);
  for (int i = 0; i < 300; ++i) {
    RandomSigning first = random_signing(gen, i);
    const HttpRequest original = first.request;
    HttpRequest resigned = original;
    sign_request_fast(resigned, first.credentials, first.params);
    RandomSigning second = random_signing(gen, i + 1);
    second.params.service = first.params.service;  // same client: same signing rules
    second.params.normalize_path = first.params.normalize_path;
    second.params.double_encode_path = first.params.double_encode_path;
    second.params.add_content_sha256 = first.params.add_content_sha256;
    sign_request_fast(resigned, second.credentials, second.params);

    HttpRequest fresh = original;
    const SigningStages stages = sign_request(fresh, second.credentials, second.params);
    ASSERT_EQ(sorted_fields(resigned.headers), sorted_fields(fresh.headers)) << "case " << i;
    if (second.credentials.session_token.empty()) {
      EXPECT_FALSE(resigned.headers.contains("X-Amz-Security-Token"));
    }
    EXPECT_EQ(resigned.headers.get("Authorization"), stages.authorization);
  }
}

TEST(SigV4FastPath, SignerHeadersTheCallerSetAreReplacedAndTheResultVerifies) {
  HttpRequest request;
  request.method = "POST";
  request.url = "https://runtime.sagemaker.us-east-1.amazonaws.com/endpoints/e/invocations";
  request.headers.add("Content-Type", "application/json");
  request.headers.add("X-Amz-Date", "19990101T000000Z");
  request.headers.add("x-amz-date", "20000101T000000Z");
  request.headers.add("Authorization", "stale");
  request.body = R"({"inputs":"hi"})";
  const Credentials creds{.access_key_id = "AKIDEXAMPLE", .secret_access_key = "secret"};
  const SystemTime now = *parse_amz_date("20240115T120000Z");
  const SigningParams params{.region = "us-east-1", .service = "sagemaker", .time = now};
  sign_request_fast(request, creds, params);

  int dates = 0;
  for (const auto& [name, value] : request.headers) {
    if (iequals(name, "X-Amz-Date")) {
      ++dates;
      EXPECT_EQ(value, "20240115T120000Z");
    }
  }
  EXPECT_EQ(dates, 1);
  const auto parsed = parse_sigv4_auth(request);
  ASSERT_TRUE(parsed.has_value() && parsed->has_value());
  const SigV4Verdict verdict =
      verify_sigv4(request, **parsed, creds.secret_access_key, VerifyOptions{.now = now});
  EXPECT_TRUE(verdict.ok()) << verdict.message;
}

}  // namespace
}  // namespace smp::aws
