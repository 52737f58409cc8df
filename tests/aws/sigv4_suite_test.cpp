// The official SigV4 test suite (aws-c-auth, new format; tests/data/sigv4/SOURCE.md): every case
// folder is signed with headers and presigned with query parameters, and each stage is compared
// with the expected files. A case added to the folder is picked up without touching this file.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "aws/signing_key_cache.hpp"
#include "aws/sigv4.hpp"
#include "aws/sigv4_time.hpp"
#include "aws/uri_encoding.hpp"

namespace smp::aws {
namespace {

namespace fs = std::filesystem;

const fs::path kSuiteDir = fs::path(SMP_TEST_DATA_DIR) / "sigv4";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  std::string out = text.str();
  std::erase(out, '\r');
  return out;
}

std::vector<std::string> suite_cases() {
  std::vector<std::string> names;
  if (!fs::is_directory(kSuiteDir)) return names;
  for (const auto& entry : fs::directory_iterator(kSuiteDir)) {
    if (entry.is_directory() && fs::exists(entry.path() / "context.json")) {
      names.push_back(entry.path().filename().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

// A request as the suite writes it: "METHOD target HTTP/1.1", header lines (a line starting with
// whitespace continues the previous value), an empty line, the body. The target may contain
// spaces and raw UTF-8, so it is everything between the first and the last space.
struct RawRequest {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

RawRequest parse_raw_request(const std::string& text) {
  RawRequest out;
  std::size_t pos = text.find('\n');
  const std::string request_line = text.substr(0, pos);
  const std::size_t first_space = request_line.find(' ');
  const std::size_t last_space = request_line.rfind(' ');
  out.method = request_line.substr(0, first_space);
  out.target = request_line.substr(first_space + 1, last_space - first_space - 1);
  pos = pos == std::string::npos ? text.size() : pos + 1;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty()) {
      if (pos < text.size()) out.body = text.substr(pos);
      break;
    }
    if ((line.front() == ' ' || line.front() == '\t') && !out.headers.empty()) {
      out.headers.back().second += "\n" + line;
      continue;
    }
    const std::size_t colon = line.find(':');
    out.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
  }
  return out;
}

std::string lower(std::string text) {
  for (char& c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Header names compare case-insensitively and header order carries no meaning on the wire
// except among fields of the same name, which the sort keeps (stable) in order.
std::vector<std::pair<std::string, std::string>> comparable(
    const std::vector<std::pair<std::string, std::string>>& headers) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, value] : headers)
    out.emplace_back(lower(name), value);
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  return out;
}

struct SuiteCase {
  RawRequest raw;
  HttpRequest request;
  Credentials credentials;
  SigningParams params;
  std::chrono::seconds expires{0};
};

SuiteCase load_case(const std::string& name) {
  const fs::path dir = kSuiteDir / name;
  const boost::json::object context =
      boost::json::parse(read_file(dir / "context.json")).as_object();
  SuiteCase c;
  const auto& creds = context.at("credentials").as_object();
  c.credentials.access_key_id = creds.at("access_key_id").as_string().c_str();
  c.credentials.secret_access_key = creds.at("secret_access_key").as_string().c_str();
  if (const auto* token = creds.if_contains("token")) {
    c.credentials.session_token = token->as_string().c_str();
  }
  std::string timestamp = context.at("timestamp").as_string().c_str();  // 2015-08-30T12:36:00Z
  std::erase(timestamp, '-');
  std::erase(timestamp, ':');
  const auto time = parse_amz_date(timestamp);
  if (!time) throw std::runtime_error("bad timestamp in " + name);

  const auto flag = [&](const char* key) {
    const auto* value = context.if_contains(key);
    return value != nullptr && value->as_bool();
  };
  c.params.region = context.at("region").as_string().c_str();
  c.params.service = context.at("service").as_string().c_str();
  c.params.time = *time;
  c.params.normalize_path = flag("normalize");
  c.params.double_encode_path = true;  // the aws-c-auth harness double-encodes every case
  c.params.add_content_sha256 = flag("sign_body");
  c.params.sign_session_token = !flag("omit_session_token");
  c.expires = std::chrono::seconds(context.at("expiration_in_seconds").to_number<std::int64_t>());

  c.raw = parse_raw_request(read_file(dir / "request.txt"));
  c.request.method = c.raw.method;
  std::string host;
  for (const auto& [field, value] : c.raw.headers) {
    c.request.headers.add(field, value);
    if (lower(field) == "host") host = value;
  }
  c.request.url = "https://" + host + c.raw.target;
  c.request.body = c.raw.body;
  return c;
}

class SigV4Suite : public ::testing::TestWithParam<std::string> {
 protected:
  fs::path dir() const { return kSuiteDir / GetParam(); }
  std::string expected(const char* file) const { return read_file(dir() / file); }
};

TEST(SigV4SuiteFolder, HasCases) {
  EXPECT_GE(suite_cases().size(), 30u) << "no SigV4 suite cases under " << kSuiteDir;
}

TEST_P(SigV4Suite, HeaderSigning) {
  SuiteCase c = load_case(GetParam());
  SigningKeyCache cache;
  c.params.key_cache = &cache;
  const SigningStages stages = sign_request(c.request, c.credentials, c.params);

  EXPECT_EQ(stages.canonical_request, expected("header-canonical-request.txt"));
  EXPECT_EQ(stages.string_to_sign, expected("header-string-to-sign.txt"));
  EXPECT_EQ(stages.signature, expected("header-signature.txt"));

  const RawRequest want = parse_raw_request(expected("header-signed-request.txt"));
  EXPECT_EQ(c.request.method, want.method);
  EXPECT_EQ(c.request.url, "https://" + std::string(*c.request.headers.get("host")) + want.target);
  EXPECT_EQ(comparable(c.request.headers.fields()), comparable(want.headers));
  EXPECT_EQ(c.request.body, want.body);
}

TEST_P(SigV4Suite, GenericPathMatchesToo) {
  SuiteCase c = load_case(GetParam());
  const SigningStages stages = sign_request_generic(c.request, c.credentials, c.params);
  EXPECT_EQ(stages.canonical_request, expected("header-canonical-request.txt"));
  EXPECT_EQ(stages.signature, expected("header-signature.txt"));
}

TEST_P(SigV4Suite, QuerySigning) {
  SuiteCase c = load_case(GetParam());
  SigningStages stages;
  const std::string url = presign_url(c.request, c.credentials, c.params, c.expires, stages);

  EXPECT_EQ(stages.canonical_request, expected("query-canonical-request.txt"));
  EXPECT_EQ(stages.string_to_sign, expected("query-string-to-sign.txt"));
  EXPECT_EQ(stages.signature, expected("query-signature.txt"));

  // The presigned URL carries the same parameters as the expected request line (the order of
  // query parameters is free); the request's headers travel unchanged.
  const RawRequest want = parse_raw_request(expected("query-signed-request.txt"));
  const UrlParts got_parts = split_url(url);
  const UrlParts want_parts = split_url(want.target);
  EXPECT_EQ(got_parts.path, want_parts.path);
  auto got_params = parse_query(got_parts.query);
  auto want_params = parse_query(want_parts.query);
  std::sort(got_params.begin(), got_params.end());
  std::sort(want_params.begin(), want_params.end());
  EXPECT_EQ(got_params, want_params);
  EXPECT_EQ(comparable(c.request.headers.fields()), comparable(want.headers));
  EXPECT_EQ(c.request.body, want.body);
}

INSTANTIATE_TEST_SUITE_P(Cases, SigV4Suite, ::testing::ValuesIn(suite_cases()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(SigV4Suite);

}  // namespace
}  // namespace smp::aws
