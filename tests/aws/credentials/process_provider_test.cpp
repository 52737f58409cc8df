#include "aws/providers/process_provider.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "credentials_test_support.hpp"

namespace smp::aws {
namespace {

using namespace testing;
using namespace std::chrono_literals;

constexpr auto kExecutable = std::filesystem::perms::owner_all;

TEST(CommandLine, SplitsLikeAShellWithoutRunningOne) {
  auto parsed = parse_command_line(R"(  /opt/bin/creds --profile 'my role' "a \"b\" c" d\ e  )");
  ASSERT_TRUE(parsed);
  EXPECT_FALSE(parsed->needs_shell);
  EXPECT_EQ(parsed->argv, (std::vector<std::string>{"/opt/bin/creds", "--profile", "my role",
                                                    "a \"b\" c", "d e"}));
  EXPECT_EQ(parse_command_line("x ''")->argv, (std::vector<std::string>{"x", ""}));
}

TEST(CommandLine, ShellSyntaxGoesThroughTheShell) {
  for (const char* command : {"creds | jq .", "creds > /tmp/x", "creds; echo", "$HOME/bin/creds",
                              "~/bin/creds", "creds \"$TOKEN\"", "creds &", "creds `x`"}) {
    auto parsed = parse_command_line(command);
    ASSERT_TRUE(parsed) << command;
    EXPECT_TRUE(parsed->needs_shell) << command;
  }
  for (const char* command : {"creds '$literal' '|'", "creds a~b", "creds --x=y"}) {
    EXPECT_FALSE(parse_command_line(command)->needs_shell) << command;
  }
}

TEST(CommandLine, Errors) {
  EXPECT_FALSE(parse_command_line(""));
  EXPECT_FALSE(parse_command_line("   "));
  EXPECT_FALSE(parse_command_line("a 'b"));
  EXPECT_FALSE(parse_command_line("a \"b"));
  EXPECT_FALSE(parse_command_line("a\\"));
}

class ProcessProviderTest : public ::testing::Test {
 protected:
  std::string script(const std::string& body) {
    return dir.write("creds-" + std::to_string(++scripts) + ".sh", "#!/bin/sh\n" + body,
                     kExecutable);
  }
  Result<std::shared_ptr<const Credentials>> run(const std::string& command,
                                                 ProcessLimits limits = {}) {
    ProcessProvider provider(command, "profile tool", limits);
    return provider.get();
  }
  TempDir dir;
  int scripts = 0;
};

TEST_F(ProcessProviderTest, ReadsVersionOneJson) {
  const std::string path =
      script("echo '{\"Version\": 1, \"AccessKeyId\": \"ASIAPROC\", \"SecretAccessKey\": \"" +
             std::string(kProcessSecret) +
             "\", \"SessionToken\": \"tok\", \"Expiration\": \"2024-01-15T13:00:00Z\", "
             "\"AccountId\": \"123456789012\"}'\n");
  auto credentials = run(path + " --arg 'with space'");
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ((*credentials)->access_key_id, "ASIAPROC");
  EXPECT_EQ((*credentials)->secret_access_key, kProcessSecret);
  EXPECT_EQ((*credentials)->session_token, "tok");
  EXPECT_EQ((*credentials)->expiration, parse_iso8601_time("2024-01-15T13:00:00Z"));
  EXPECT_EQ((*credentials)->account_id, "123456789012");
  EXPECT_EQ((*credentials)->source, "credential_process of profile tool");
}

TEST_F(ProcessProviderTest, ArgumentsArriveUnsplitWithoutAShell) {
  const std::string out = (dir.path() / "args.txt").string();
  const std::string path = script("printf '%s\\n' \"$@\" > " + out +
                                  "\necho '{\"Version\":1,\"AccessKeyId\":\"A\","
                                  "\"SecretAccessKey\":\"S\"}'\n");
  ASSERT_TRUE(run(path + " 'a b' \"c;d\" e\\ f"));
  std::ifstream in(out);
  std::string content((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(content, "a b\nc;d\ne f\n");
}

TEST_F(ProcessProviderTest, ShellFormsWork) {
  auto credentials =
      run("echo '{\"Version\":1,\"AccessKeyId\":\"ASIASHELL\",\"SecretAccessKey\":\"S\"}' | cat");
  ASSERT_TRUE(credentials) << credentials.error().message;
  EXPECT_EQ((*credentials)->access_key_id, "ASIASHELL");
  EXPECT_FALSE((*credentials)->expiration);
}

TEST_F(ProcessProviderTest, NonZeroExitShowsOneSanitizedStderrLine) {
  const std::string path = script(
      "echo '' >&2\n"
      "echo 'token expired for AKIAIOSFODNN7EXAMPLE secret " +
      std::string(kProcessSecret) +
      "' >&2\n"
      "echo 'second line' >&2\n"
      "echo '{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"" +
      std::string(kProcessSecret) +
      "\"}'\n"
      "exit 3\n");
  auto credentials = run(path);
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().code, "CredentialProcessFailed");
  const std::string text = render(credentials.error());
  EXPECT_NE(text.find("credential_process of profile tool exited with status 3: token expired "
                      "for [redacted] secret [redacted]"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("second line"), std::string::npos);
  EXPECT_EQ(text.find(kProcessSecret), std::string::npos);
}

TEST_F(ProcessProviderTest, BadJsonAndBadVersionAndMissingFields) {
  struct Case {
    std::string stdout_text;
    const char* says;
  };
  for (const Case& c : {
           Case{"not json " + std::string(kProcessSecret), "not valid JSON"},
           Case{"[1,2]", "not an object"},
           Case{R"({"AccessKeyId":"A","SecretAccessKey":"S"})", "without \"Version\""},
           Case{R"({"Version":2,"AccessKeyId":"A","SecretAccessKey":"S"})", "unsupported"},
           Case{R"({"Version":"1","AccessKeyId":"A","SecretAccessKey":"S"})", "unsupported"},
           Case{R"({"Version":1,"SecretAccessKey":"S"})", "without \"AccessKeyId\""},
           Case{R"({"Version":1,"AccessKeyId":"A"})", "without \"SecretAccessKey\""},
           Case{R"({"Version":1,"AccessKeyId":7,"SecretAccessKey":"S"})", "non-string"},
           Case{R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"S","Expiration":"soon"})",
                "not an ISO 8601 time"},
       }) {
    const std::string data = dir.write("out.json", c.stdout_text);
    auto credentials = run("cat " + data);
    ASSERT_FALSE(credentials) << c.stdout_text;
    const std::string text = render(credentials.error());
    EXPECT_NE(text.find(c.says), std::string::npos) << text;
    EXPECT_EQ(text.find(kProcessSecret), std::string::npos) << text;
  }
}

TEST_F(ProcessProviderTest, TimeoutStopsTheWholeProcessGroup) {
  const std::string marker = (dir.path() / "survived").string();
  const std::string path = script("(sleep 1; touch " + marker + ") &\nsleep 30\n");
  ProcessLimits limits;
  limits.timeout = 300ms;
  auto credentials = run(path, limits);
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().code, "CredentialProcessTimeout");
  EXPECT_EQ(credentials.error().kind, ErrorKind::timeout);
  EXPECT_NE(credentials.error().message.find("300 ms"), std::string::npos);
  std::this_thread::sleep_for(1500ms);
  EXPECT_FALSE(std::filesystem::exists(marker)) << "the background child outlived the timeout";
}

TEST_F(ProcessProviderTest, MissingProgramIsAClearError) {
  auto credentials = run("/nonexistent/credential-helper --x");
  ASSERT_FALSE(credentials);
  EXPECT_EQ(credentials.error().code, "CredentialProcessSpawn");
  EXPECT_NE(credentials.error().message.find("could not start '/nonexistent/credential-helper'"),
            std::string::npos)
      << credentials.error().message;
}

TEST_F(ProcessProviderTest, KilledBySignal) {
  auto credentials = run(script("kill -9 $$\n"));
  ASSERT_FALSE(credentials);
  EXPECT_NE(credentials.error().message.find("exited with signal 9"), std::string::npos)
      << credentials.error().message;
}

TEST(SanitizeStderr, MasksLongTokensAndTruncates) {
  EXPECT_EQ(sanitize_stderr_line("\n\n  error: short words stay  \nnext"),
            "error: short words stay");
  EXPECT_EQ(sanitize_stderr_line("key=AKIAIOSFODNN7EXAMPLE1234"), "[redacted]");
  EXPECT_EQ(sanitize_stderr_line("a\tb\x01"
                                 "c"),
            "a b c");
  std::string words;
  for (int i = 0; i < 100; ++i)
    words += "word ";
  const std::string cut = sanitize_stderr_line(words);
  EXPECT_EQ(cut.size(), 200u + std::string("…").size());
  EXPECT_TRUE(cut.ends_with("…"));
  EXPECT_EQ(sanitize_stderr_line(""), "");
}

}  // namespace
}  // namespace smp::aws
