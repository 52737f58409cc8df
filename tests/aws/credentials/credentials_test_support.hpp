#pragma once
// Shared fixtures of the credentials tests: a HOME in a temporary folder, a fake transport that
// records requests and answers with real STS/IMDS/container bodies, and a context that injects
// them together with a MapEnvironment and a ManualClock.
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "aws/credential_time.hpp"
#include "aws/credentials_context.hpp"
#include "base/clock.hpp"
#include "base/environment.hpp"

namespace smp::aws::testing {

// 2024-01-15T12:00:00Z, the time of the verified STS request in aws-wire.md §4.2.
inline SystemTime test_epoch() {
  return *parse_iso8601_time("2024-01-15T12:00:00Z");
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "smp-cred-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string str() const { return path_.string(); }

  // Writes `content` to a path relative to the folder, creating parents. Returns the full path.
  std::string write(const std::string& relative, const std::string& content,
                    std::filesystem::perms perms = std::filesystem::perms::owner_read |
                                                   std::filesystem::perms::owner_write) const {
    const auto full = path_ / relative;
    std::filesystem::create_directories(full.parent_path());
    std::ofstream(full, std::ios::binary | std::ios::trunc) << content;
    std::filesystem::permissions(full, perms);
    return full.string();
  }

 private:
  std::filesystem::path path_;
};

// Records every request and answers through `handler` (thread-safe).
class FakeTransport {
 public:
  using Handler = std::function<Result<HttpResponse>(const HttpRequest&)>;

  explicit FakeTransport(Handler handler = {}) : state_(std::make_shared<State>()) {
    state_->handler = std::move(handler);
  }
  void set_handler(Handler handler) {
    std::lock_guard lock(state_->mutex);
    state_->handler = std::move(handler);
  }
  HttpTransport transport() const {
    auto state = state_;
    return [state](const HttpRequest& request,
                   const TransportOptions& options) -> Result<HttpResponse> {
      Handler handler;
      {
        std::lock_guard lock(state->mutex);
        state->requests.push_back(request);
        state->options.push_back(options);
        handler = state->handler;
      }
      if (!handler) return fail(ErrorKind::connection, "NoHandler", "connection refused");
      return handler(request);
    };
  }
  std::vector<HttpRequest> requests() const {
    std::lock_guard lock(state_->mutex);
    return state_->requests;
  }
  std::vector<TransportOptions> options() const {
    std::lock_guard lock(state_->mutex);
    return state_->options;
  }
  size_t count() const {
    std::lock_guard lock(state_->mutex);
    return state_->requests.size();
  }

 private:
  struct State {
    std::mutex mutex;
    Handler handler;
    std::vector<HttpRequest> requests;
    std::vector<TransportOptions> options;
  };
  std::shared_ptr<State> state_;
};

inline HttpResponse response(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

// An AssumeRole / AssumeRoleWithWebIdentity success body in the shape of aws-wire.md §4.5.
inline std::string sts_credentials_xml(
    const std::string& action, const std::string& key, const std::string& secret,
    const std::string& token, const std::string& expiration,
    const std::string& assumed_arn = "arn:aws:sts::123456789012:assumed-role/demo/Bob") {
  return "<" + action +
         "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
         "  <" +
         action +
         "Result>\n"
         "    <SourceIdentity>alice</SourceIdentity>\n"
         "    <AssumedRoleUser>\n"
         "      <AssumedRoleId>ARO123EXAMPLE123:Bob</AssumedRoleId>\n"
         "      <Arn>" +
         assumed_arn +
         "</Arn>\n"
         "    </AssumedRoleUser>\n"
         "    <Credentials>\n"
         "      <AccessKeyId>" +
         key +
         "</AccessKeyId>\n"
         "      <SecretAccessKey>" +
         secret +
         "</SecretAccessKey>\n"
         "      <SessionToken>" +
         token +
         "</SessionToken>\n"
         "      <Expiration>" +
         expiration +
         "</Expiration>\n"
         "    </Credentials>\n"
         "    <PackedPolicySize>8</PackedPolicySize>\n"
         "  </" +
         action +
         "Result>\n"
         "  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>"
         "</ResponseMetadata>\n"
         "</" +
         action + "Response>\n";
}

inline std::string sts_error_xml(const std::string& code, const std::string& message,
                                 const std::string& type = "Sender") {
  return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
         "  <Error><Type>" +
         type + "</Type><Code>" + code + "</Code><Message>" + message +
         "</Message></Error>\n"
         "  <RequestId>4b3a-error-request</RequestId>\n"
         "</ErrorResponse>\n";
}

// Injected world: environment, clock at test_epoch(), the fake transport, no real sleeping.
struct World {
  MapEnvironment env;
  ManualClock clock{test_epoch()};
  FakeTransport fake;
  std::vector<std::chrono::milliseconds> sleeps;

  CredentialsContext context() {
    CredentialsContext context;
    context.environment = &env;
    context.clock = &clock;
    context.transport = fake.transport();
    context.sleep = [this](std::chrono::milliseconds d) { sleeps.push_back(d); };
    return context;
  }
};

// Every error message a test rendered, for the check that no secret ever appears in one.
inline std::vector<std::string>& rendered_messages() {
  static std::vector<std::string> messages;
  return messages;
}
inline std::mutex& rendered_messages_mutex() {
  static std::mutex mutex;
  return mutex;
}
inline std::string render(const Error& error) {
  std::string text = error.describe();
  for (const auto& [key, value] : error.details)
    text += " [" + key + "=" + value + "]";
  std::lock_guard lock(rendered_messages_mutex());
  rendered_messages().push_back(text);
  return text;
}

}  // namespace smp::aws::testing

namespace smp::aws::testing {

// Secrets every test uses, distinct enough that a substring search finds any leak.
inline constexpr const char* kSecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzSECRET0001";
inline constexpr const char* kSessionToken = "FwoGZXIvYXdzEJr//////////wEaDTOKEN0002zzzzzzzzzz";
inline constexpr const char* kAssumedSecret = "9drTJvcXLB89EXAMPLEASSUMEDSECRET0003+abc";
inline constexpr const char* kAssumedToken = "IQoJb3JpZ2luX2VjEASSUMEDTOKEN0004//////////aaaa";
inline constexpr const char* kWebIdentityToken =
    "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.WEBIDENTITYTOKEN0005sig";
inline constexpr const char* kContainerToken = "CONTAINERAUTHTOKEN0006xyzxyzxyzxyz";
inline constexpr const char* kProcessSecret = "PROCESSSECRET0007abcdefghijklmnopqrstuvwx";

inline std::vector<std::string> all_test_secrets() {
  return {kSecretKey,        kSessionToken,   kAssumedSecret, kAssumedToken,
          kWebIdentityToken, kContainerToken, kProcessSecret};
}

}  // namespace smp::aws::testing
