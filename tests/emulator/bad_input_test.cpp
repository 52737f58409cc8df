// Hostile and broken input over raw sockets: the emulator answers with an error (or closes), never
// crashes, and keeps serving.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "emulator/emulator_test_support.hpp"

namespace smp::emulator::testing {
namespace {

// Sends raw bytes, then reads until the server closes or 2 s pass. Returns what came back.
std::string raw_exchange(std::uint16_t port, const std::string& bytes, bool half_close = true) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  EXPECT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  timeval timeout{2, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may refuse the rest
    sent += static_cast<std::size_t>(n);
  }
  if (half_close) ::shutdown(fd, SHUT_WR);
  std::string received;
  char buffer[4096];
  while (true) {
    const auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    received.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return received;
}

class BadInputTest : public EmulatorTest {
 protected:
  void SetUp() override {
    auto config = base_config();
    config.endpoints.push_back(echo_endpoint("alive"));
    start(config);
  }
  void expect_still_serving() {
    EXPECT_EQ(call("POST", "/endpoints/alive/invocations", "{}").status, 200);
  }
};

TEST_F(BadInputTest, GarbageIsA400) {
  const auto reply = raw_exchange(emulator_->port(), "\x16\x03\x01 this is not http\r\n\r\n");
  EXPECT_TRUE(reply.empty() || reply.starts_with("HTTP/1.1 400")) << reply.substr(0, 80);
  expect_still_serving();
}

TEST_F(BadInputTest, HugeHeadersAreRefused) {
  const std::string request =
      "GET /_emulator/health HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(200 * 1024, 'a') +
      "\r\n\r\n";
  const auto reply = raw_exchange(emulator_->port(), request);
  EXPECT_TRUE(reply.empty() || reply.starts_with("HTTP/1.1 431") ||
              reply.starts_with("HTTP/1.1 400"))
      << reply.substr(0, 80);
  expect_still_serving();
}

TEST_F(BadInputTest, TruncatedBodyDoesNotReachTheService) {
  const std::string request =
      "POST /endpoints/alive/invocations HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"a\":";
  const auto reply = raw_exchange(emulator_->port(), request);
  EXPECT_EQ(reply.find("200 OK"), std::string::npos) << reply.substr(0, 80);
  EXPECT_TRUE(emulator_->request_log().snapshot().empty());
  expect_still_serving();
}

TEST_F(BadInputTest, GarbageAuthorizationIsAnAwsError) {
  const std::string request =
      "POST /endpoints/alive/invocations HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
      "Authorization: AWS4-HMAC-SHA256 \xff\xfe garbage,,,=\r\nX-Amz-Date: nonsense\r\n\r\n{}";
  const auto reply = raw_exchange(emulator_->port(), request);
  EXPECT_TRUE(reply.starts_with("HTTP/1.1 4")) << reply.substr(0, 80);
  EXPECT_NE(reply.find("x-amzn-ErrorType"), std::string::npos);
  expect_still_serving();
}

TEST_F(BadInputTest, HostileStsFormIsAnsweredInXml) {
  Headers headers;
  headers.add("Content-Type", "application/x-www-form-urlencoded");
  const auto response =
      sts("Action=AssumeRole&RoleArn=%ZZ%&RoleSessionName=%00%01&&&=&Version=2011-06-15");
  EXPECT_EQ(response.status / 100, 4);
  EXPECT_FALSE(xml_text(response.body, "Code").empty()) << response.body;
  expect_still_serving();
}

TEST_F(BadInputTest, UnknownRoutesAreJsonErrors) {
  EXPECT_EQ(call("GET", "/endpoints/alive/not-a-thing").status, 404);
  EXPECT_EQ(send(make_request("GET", "/_emulator/nope")).status, 404);
  expect_still_serving();
}

}  // namespace
}  // namespace smp::emulator::testing
