// SigV4 signing costs: a 1 KiB InvokeEndpoint request with the SageMaker client's header set,
// warm key cache (the steady state), cold key derivation, the generic canonicalisation, and the
// pieces (SHA-256 of the body, HMAC) that bound it. Also the emulator's verification and a
// bearer-token presign.
#include <benchmark/benchmark.h>

#include "aws/crypto.hpp"
#include "aws/signing_key_cache.hpp"
#include "aws/sigv4.hpp"
#include "aws/sigv4_time.hpp"
#include "aws/sigv4_verify.hpp"

namespace {

using namespace smp;
using namespace smp::aws;

// Long-term keys, or temporary ones: STS session tokens are several hundred characters, all of
// which go through the canonical-request hash.
Credentials credentials(bool with_session_token = true) {
  Credentials c;
  c.access_key_id = "AKIAIOSFODNN7EXAMPLE";
  c.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  if (with_session_token) c.session_token = std::string(400, 'T');
  return c;
}

SigningParams params(SigningKeyCache& cache) {
  SigningParams p;
  p.region = "us-east-1";
  p.service = "sagemaker";
  p.time = *parse_amz_date("20240115T120000Z");
  p.key_cache = &cache;
  return p;
}

// What src/sagemaker builds for InvokeEndpoint, in its order.
HttpRequest invoke_request() {
  HttpRequest r;
  r.method = "POST";
  r.url = "https://runtime.sagemaker.us-east-1.amazonaws.com/endpoints/my-endpoint/invocations";
  r.headers.add("Content-Type", "application/json");
  r.headers.add("Accept", "application/json");
  r.headers.add("X-Amzn-SageMaker-Custom-Attributes", "accept_eula=true");
  r.headers.add("X-Amzn-SageMaker-Inference-Component", "my-component");
  r.body = R"({"inputs":")" + std::string(1024 - 14, 'x') + R"("})";
  return r;
}

// Re-signing the same request each time is the retry path: previous signature headers are
// replaced, nothing is copied.
void BM_SignInvokeEndpoint(benchmark::State& state) {
  SigningKeyCache cache;
  const Credentials creds = credentials(state.range(0) != 0);
  const SigningParams p = params(cache);
  HttpRequest request = invoke_request();
  for (auto _ : state) {
    SigningStages stages = sign_request(request, creds, p);
    benchmark::DoNotOptimize(stages);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * request.body.size()));
}
BENCHMARK(BM_SignInvokeEndpoint)->ArgName("session_token")->Arg(0)->Arg(1);

// What the SageMaker client calls: the same headers, no stages kept.
void BM_SignInvokeEndpointFast(benchmark::State& state) {
  SigningKeyCache cache;
  const Credentials creds = credentials(state.range(0) != 0);
  const SigningParams p = params(cache);
  HttpRequest request = invoke_request();
  for (auto _ : state) {
    sign_request_fast(request, creds, p);
    benchmark::DoNotOptimize(request);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * request.body.size()));
}
BENCHMARK(BM_SignInvokeEndpointFast)->ArgName("session_token")->Arg(0)->Arg(1);

// The first attempt: a copy of the unsigned request (what SignedSender makes) signed, so the
// header strings the signer adds are allocated. BM_CopyInvokeRequest is the copy alone.
void BM_SignInvokeEndpointFastFirstAttempt(benchmark::State& state) {
  SigningKeyCache cache;
  const Credentials creds = credentials(state.range(0) != 0);
  const SigningParams p = params(cache);
  const HttpRequest unsigned_request = invoke_request();
  for (auto _ : state) {
    HttpRequest request = unsigned_request;
    sign_request_fast(request, creds, p);
    benchmark::DoNotOptimize(request);
  }
}
BENCHMARK(BM_SignInvokeEndpointFastFirstAttempt)->ArgName("session_token")->Arg(0)->Arg(1);

void BM_CopyInvokeRequest(benchmark::State& state) {
  const HttpRequest unsigned_request = invoke_request();
  for (auto _ : state) {
    HttpRequest request = unsigned_request;
    benchmark::DoNotOptimize(request);
  }
}
BENCHMARK(BM_CopyInvokeRequest);

void BM_SignInvokeEndpointGeneric(benchmark::State& state) {
  SigningKeyCache cache;
  const Credentials creds = credentials();
  const SigningParams p = params(cache);
  HttpRequest request = invoke_request();
  for (auto _ : state) {
    SigningStages stages = sign_request_generic(request, creds, p);
    benchmark::DoNotOptimize(stages);
  }
}
BENCHMARK(BM_SignInvokeEndpointGeneric);

void BM_SignInvokeEndpointColdKey(benchmark::State& state) {
  SigningKeyCache cache;
  const Credentials creds = credentials();
  const SigningParams p = params(cache);
  HttpRequest request = invoke_request();
  for (auto _ : state) {
    cache.clear();
    SigningStages stages = sign_request(request, creds, p);
    benchmark::DoNotOptimize(stages);
  }
}
BENCHMARK(BM_SignInvokeEndpointColdKey);

void BM_DeriveSigningKey(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(derive_signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                                                "20240115", "us-east-1", "sagemaker"));
  }
}
BENCHMARK(BM_DeriveSigningKey);

void BM_KeyCacheHit(benchmark::State& state) {
  SigningKeyCache cache;
  for (auto _ : state) {
    benchmark::DoNotOptimize(cache.get("AKIAIOSFODNN7EXAMPLE",
                                       "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20240115",
                                       "us-east-1", "sagemaker"));
  }
}
BENCHMARK(BM_KeyCacheHit);

void BM_Sha256(benchmark::State& state) {
  const std::string data(static_cast<std::size_t>(state.range(0)), 'x');
  for (auto _ : state)
    benchmark::DoNotOptimize(sha256(data));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_Sha256)->Arg(64)->Arg(1024)->Arg(64 * 1024);

void BM_HmacSha256StringToSign(benchmark::State& state) {
  const Sha256Digest key{};
  const std::string string_to_sign(150, 's');
  for (auto _ : state)
    benchmark::DoNotOptimize(hmac_sha256(key, string_to_sign));
}
BENCHMARK(BM_HmacSha256StringToSign);

void BM_VerifyInvokeEndpoint(benchmark::State& state) {
  SigningKeyCache cache;
  const Credentials creds = credentials();
  HttpRequest request = invoke_request();
  sign_request(request, creds, params(cache));
  VerifyOptions options;
  options.now = *parse_amz_date("20240115T120000Z");
  options.key_cache = &cache;
  for (auto _ : state) {
    auto parsed = parse_sigv4_auth(request);
    SigV4Verdict verdict = verify_sigv4(request, **parsed, creds.secret_access_key, options);
    benchmark::DoNotOptimize(verdict);
  }
}
BENCHMARK(BM_VerifyInvokeEndpoint);

void BM_PresignBearerToken(benchmark::State& state) {
  SigningKeyCache cache;
  const Credentials creds = credentials();
  SigningParams p = params(cache);
  p.region = "us-west-2";
  HttpRequest request;
  request.method = "POST";
  request.url = "https://sagemaker.amazonaws.com/?Action=CallWithBearerToken";
  for (auto _ : state) {
    benchmark::DoNotOptimize(presign_url(request, creds, p, std::chrono::seconds(43200)));
  }
}
BENCHMARK(BM_PresignBearerToken);

}  // namespace
