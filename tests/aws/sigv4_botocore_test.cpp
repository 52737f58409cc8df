// Property test against an independent SigV4 implementation: botocore signs the same random
// requests (random header names and values with whitespace runs, paths with reserved characters,
// percent-escapes and dot segments, encoded query strings, with and without session tokens, S3
// and non-S3 rules) through tests/aws/botocore_sign.py, and the Authorization values must agree.
// Every Python interpreter found with botocore is used (the Debian one and a newer one if both
// exist). Skipped only when none has botocore.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "aws/signing_key_cache.hpp"
#include "aws/sigv4.hpp"
#include "aws/sigv4_time.hpp"
#include "aws/uri_encoding.hpp"

namespace smp::aws {
namespace {

namespace fs = std::filesystem;

const fs::path kScript = fs::path(SMP_TEST_DATA_DIR) / ".." / "aws" / "botocore_sign.py";

struct Spec {
  HttpRequest request;
  Credentials credentials;
  SigningParams params;
};

class RequestGenerator {
 public:
  explicit RequestGenerator(unsigned seed) : rng_(seed) {}

  Spec make() {
    Spec spec;
    static const std::vector<std::string> kMethods = {"GET", "POST", "PUT", "DELETE", "HEAD"};
    static const std::vector<std::string> kHosts = {
        "https://runtime.sagemaker.us-east-1.amazonaws.com",
        "https://Example.Amazonaws.COM",
        "http://localhost:8080",
        "http://127.0.0.1:4566",
        "http://[::1]:8443",
        "https://h.example.com:443",
        "http://UPPER.example.com:80"};
    static const std::vector<std::pair<std::string, std::string>> kScopes = {
        {"us-east-1", "sagemaker"},
        {"eu-west-1", "sts"},
        {"us-west-2", "s3"},
        {"ap-southeast-2", "comprehend"}};
    const auto& [region, service] = pick(kScopes);
    spec.params.region = region;
    spec.params.service = service;
    // 2015..2035, whole seconds.
    spec.params.time = SystemTime(std::chrono::seconds(1420070400 + below(631152000)));
    const bool s3 = service == "s3";
    spec.params.normalize_path = !s3;
    spec.params.double_encode_path = !s3;
    spec.params.add_content_sha256 = s3;

    spec.request.method = pick(kMethods);
    const std::string base = pick(kHosts);
    std::string wire_path = path();
    // botocore's S3 signer signs an empty path as "" where the server sees "/" (an HTTP request
    // target is never empty); we sign "/". Real S3 paths always name a bucket, so the oracle is
    // not asked about this corner.
    if (s3 && wire_path.empty()) wire_path = "/";
    spec.request.url = base + wire_path + query();
    spec.request.headers = headers();
    if (chance(8)) spec.request.headers.add("Host", host_header_value(split_url(base)));
    spec.request.body = text(" {}\":,abcXYZ019", below(120));

    spec.credentials.access_key_id = "AKIA" + text("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
    spec.credentials.secret_access_key =
        text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40);
    if (chance(2)) {
      spec.credentials.session_token = text(
          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=", 20 + below(200));
    }
    return spec;
  }

 private:
  std::size_t below(std::size_t n) { return n == 0 ? 0 : rng_() % n; }
  bool chance(std::size_t one_in) { return below(one_in) == 0; }
  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[below(items.size())];
  }
  std::string text(std::string_view alphabet, std::size_t size) {
    std::string out(size, ' ');
    for (char& c : out)
      c = alphabet[below(alphabet.size())];
    return out;
  }

  // Wire paths: already percent-encoded once, as a client sends them, but with every kind of
  // segment the canonical form has to handle.
  std::string path() {
    if (chance(10)) return "";
    static const std::vector<std::string> kSegments = {
        "",    ".",   "..",        "endpoints", "my-endpoint",   "invocations", "-._~", "a%20b",
        "%2F", "%2f", "%E1%88%B4", "%25",       "!$&'()*+,;=:@", "UPPER",       "x.y",  "..."};
    std::string out;
    for (std::size_t i = 0, n = 1 + below(6); i < n; ++i)
      out += "/" + pick(kSegments);
    if (chance(3)) out += "/";
    return out;
  }

  // Query strings in canonical encoding (what clients put on the wire), with repeated keys,
  // keys without '=' and empty values.
  std::string query() {
    if (chance(2)) return "";
    static const std::string kRaw = "aZ09-._~ /?=&+%:@\xe1\x88\xb4";
    std::vector<std::string> keys;
    std::string out = "?";
    for (std::size_t i = 0, n = 1 + below(5); i < n; ++i) {
      std::string key = !keys.empty() && chance(4) ? keys[below(keys.size())]
                                                   : uri_encode(text(kRaw, 1 + below(6)));
      keys.push_back(key);
      if (i != 0) out += "&";
      out += key;
      if (!chance(6)) out += "=" + uri_encode(text(kRaw, below(6)));
    }
    return out;
  }

  Headers headers() {
    static const std::vector<std::string> kNames = {"Content-Type",
                                                    "Accept",
                                                    "X-Amzn-SageMaker-Custom-Attributes",
                                                    "X-Amzn-SageMaker-Target-Model",
                                                    "X-Amzn-SageMaker-Inference-Component",
                                                    "X-Custom",
                                                    "x-custom",
                                                    "User-Agent",
                                                    "Expect",
                                                    "X-Amzn-Trace-Id",
                                                    "Content-Length",
                                                    "amz-sdk-invocation-id",
                                                    "a",
                                                    "Zz"};
    static const std::set<std::string> kReserved = {
        "host", "authorization", "date", "x-amz-date", "x-amz-security-token",
        "x-amz-content-sha256",
        // Signed by older botocore (1.29), skipped by newer: keep the oracle version-neutral.
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
        "transfer-encoding", "upgrade"};
    Headers out;
    for (std::size_t i = 0, n = below(9); i < n; ++i) {
      std::string name =
          chance(3) ? text("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-",
                           1 + below(12))
                    : pick(kNames);
      std::string lower = name;
      for (char& c : lower)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (kReserved.contains(lower)) continue;
      out.add(std::move(name), value());
    }
    return out;
  }

  std::string value() {
    static const std::vector<std::string> kWhitespace = {" ", "  ", "\t", " \t ", "    "};
    std::string out;
    for (std::size_t i = 0, n = below(6); i < n; ++i) {
      if (chance(2)) {
        out += pick(kWhitespace);
      } else {
        std::string word(1 + below(8), ' ');
        for (char& c : word)
          c = static_cast<char>(0x21 + below(0x7e - 0x21 + 1));
        out += word;
      }
    }
    return out;
  }

  std::mt19937 rng_;
};

boost::json::value to_json(const Spec& spec) {
  boost::json::array headers;
  for (const auto& [name, value] : spec.request.headers)
    headers.push_back({name, value});
  return boost::json::object{
      {"method", spec.request.method},
      {"url", spec.request.url},
      {"headers", headers},
      {"body", spec.request.body},
      {"access_key", spec.credentials.access_key_id},
      {"secret_key", spec.credentials.secret_access_key},
      {"token", spec.credentials.session_token},
      {"region", spec.params.region},
      {"service", spec.params.service},
      {"time", format_amz_date(spec.params.time)},
  };
}

struct OracleRun {
  int exit_status = -1;
  std::string output;
};

OracleRun run(const std::string& command) {
  OracleRun result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[65536];
  std::size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
    result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::vector<std::string> interpreters_with_botocore() {
  std::vector<std::string> found;
  for (const std::string candidate : {"python3", "/usr/bin/python3"}) {
    if (run(candidate + " -c 'import botocore' >/dev/null 2>&1").exit_status == 0) {
      found.push_back(candidate);
    }
  }
  return found;
}

TEST(SigV4Botocore, RandomRequestsSignLikeBotocore) {
  const std::vector<std::string> interpreters = interpreters_with_botocore();
  if (interpreters.empty()) GTEST_SKIP() << "no python3 with botocore on this machine";
  ASSERT_TRUE(fs::exists(kScript)) << kScript;

  RequestGenerator generator(20240115);
  std::vector<Spec> specs;
  boost::json::array input;
  for (int i = 0; i < 200; ++i) {
    specs.push_back(generator.make());
    input.push_back(to_json(specs.back()));
  }
  const fs::path input_file =
      fs::temp_directory_path() / ("sigv4_botocore_" + std::to_string(::getpid()) + ".json");
  std::ofstream(input_file) << boost::json::serialize(input);

  SigningKeyCache cache;
  std::set<std::string> versions;
  for (const std::string& python : interpreters) {
    const OracleRun oracle =
        run(python + " " + kScript.string() + " < " + input_file.string() + " 2>&1");
    ASSERT_EQ(oracle.exit_status, 0) << python << ": " << oracle.output;
    const boost::json::object answer = boost::json::parse(oracle.output).as_object();
    const std::string version = answer.at("botocore").as_string().c_str();
    if (!versions.insert(version).second) continue;  // same botocore twice: nothing new
    const boost::json::array& results = answer.at("results").as_array();
    ASSERT_EQ(results.size(), specs.size());

    int mismatches = 0;
    for (std::size_t i = 0; i < specs.size(); ++i) {
      Spec spec = specs[i];
      spec.params.key_cache = &cache;
      const SigningStages ours = sign_request(spec.request, spec.credentials, spec.params);
      const auto& theirs = results[i].as_object();
      const std::string expected = theirs.at("authorization").as_string().c_str();
      if (ours.authorization != expected && ++mismatches <= 5) {
        ADD_FAILURE() << "botocore " << version << ", request " << i << ": "
                      << specs[i].request.method << " " << specs[i].request.url << "\n--- ours:\n"
                      << ours.canonical_request << "\n--- botocore:\n"
                      << theirs.at("canonical_request").as_string().c_str();
      }
    }
    EXPECT_EQ(mismatches, 0) << "botocore " << version;
    if (mismatches == 0) {
      RecordProperty("botocore_" + version, static_cast<int>(specs.size()));
      std::printf("[ botocore ] %s agreed on %zu random requests\n", version.c_str(), specs.size());
    }
  }
  fs::remove(input_file);
}

}  // namespace
}  // namespace smp::aws
