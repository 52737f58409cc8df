// The assume-role provider against a real STS-shaped HTTP server on a loopback socket, through
// the http layer's blocking transport: proves the request leaves the process as real bytes
// (request line, headers, form body) and that the response is read from the wire.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <thread>

#include "aws/providers/assume_role_provider.hpp"
#include "aws/providers/static_provider.hpp"
#include "credentials_test_support.hpp"
#include "http/blocking_transport.hpp"

namespace smp::aws {
namespace {

using namespace testing;

// Accepts connections one at a time; reads one request per connection (Content-Length body) and
// answers with `body`, closing the connection.
class LoopbackStsServer {
 public:
  explicit LoopbackStsServer(std::string body) : body_(std::move(body)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(fd_, 8);
    socklen_t length = sizeof address;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~LoopbackStsServer() {
    stopping_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::vector<std::string> raw_requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  void serve() {
    while (!stopping_) {
      const int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) return;
      std::string data;
      char buffer[4096];
      size_t wanted = std::string::npos;
      while (wanted == std::string::npos || data.size() < wanted) {
        const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        data.append(buffer, static_cast<size_t>(n));
        const size_t head_end = data.find("\r\n\r\n");
        if (head_end != std::string::npos && wanted == std::string::npos) {
          std::string head = data.substr(0, head_end);
          for (auto& c : head)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
          const size_t cl = head.find("content-length:");
          const size_t length = cl == std::string::npos ? 0 : std::stoul(head.substr(cl + 15));
          wanted = head_end + 4 + length;
        }
      }
      {
        std::lock_guard lock(mutex_);
        requests_.push_back(data);
      }
      const std::string reply =
          "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nx-amzn-RequestId: "
          "loopback-1\r\nContent-Length: " +
          std::to_string(body_.size()) + "\r\nConnection: close\r\n\r\n" + body_;
      ::send(client, reply.data(), reply.size(), MSG_NOSIGNAL);
      ::close(client);
    }
  }

  std::string body_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<std::string> requests_;
};

TEST(LoopbackSts, AssumeRoleGoesOverARealSocket) {
  LoopbackStsServer server(sts_credentials_xml("AssumeRole", "ASIALOOPBACK", kAssumedSecret,
                                               kAssumedToken, "2024-01-15T13:00:00Z"));
  ManualClock clock{test_epoch()};
  MapEnvironment env;
  CredentialsContext context;
  context.environment = &env;
  context.clock = &clock;
  context.transport = http::make_blocking_transport();

  AssumeRoleConfig config;
  config.role_arn = "arn:aws:iam::123456789012:role/demo";
  config.external_id = "ext-123";
  config.role_session_name = "loopback";
  config.sts.region = "us-east-1";
  config.sts.endpoint_url = server.url();
  auto base = *make_static_provider("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
  auto provider = make_assume_role_provider(base, config, context);
  ASSERT_TRUE(provider) << provider.error().message;

  auto credentials = (*provider)->get();
  ASSERT_TRUE(credentials) << credentials.error().describe();
  EXPECT_EQ((*credentials)->access_key_id, "ASIALOOPBACK");
  EXPECT_EQ((*credentials)->secret_access_key, kAssumedSecret);
  EXPECT_EQ((*credentials)->session_token, kAssumedToken);

  const auto requests = server.raw_requests();
  ASSERT_EQ(requests.size(), 1u);
  const std::string& raw = requests[0];
  EXPECT_TRUE(raw.starts_with("POST / HTTP/1.1\r\n")) << raw;
  EXPECT_NE(raw.find("\r\nHost: 127.0.0.1:"), std::string::npos) << raw;
  EXPECT_NE(raw.find("\r\nContent-Type: application/x-www-form-urlencoded; charset=utf-8\r\n"),
            std::string::npos)
      << raw;
  EXPECT_NE(raw.find("Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240115/us-east-1/"
                     "sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature="),
            std::string::npos)
      << raw;
  EXPECT_TRUE(
      raw.ends_with("\r\n\r\nAction=AssumeRole&Version=2011-06-15"
                    "&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo"
                    "&RoleSessionName=loopback&ExternalId=ext-123&DurationSeconds=3600"))
      << raw;
}

TEST(LoopbackSts, ConnectionRefusedIsAConnectionError) {
  // A port that was just closed: nothing listens there.
  int port = 0;
  {
    LoopbackStsServer server("");
    port = std::stoi(server.url().substr(server.url().rfind(':') + 1));
  }
  ManualClock clock{test_epoch()};
  MapEnvironment env;
  CredentialsContext context;
  context.environment = &env;
  context.clock = &clock;
  context.transport = http::make_blocking_transport();
  context.sleep = [](std::chrono::milliseconds) {};
  StsClient sts(context, StsClientConfig{"us-east-1", "http://127.0.0.1:" + std::to_string(port)});
  Credentials caller;
  caller.access_key_id = "AKIDEXAMPLE";
  caller.secret_access_key = kSecretKey;
  auto identity = sts.get_caller_identity(caller);
  ASSERT_FALSE(identity);
  EXPECT_EQ(identity.error().kind, ErrorKind::connection) << identity.error().describe();
  EXPECT_NE(identity.error().message.find("could not be reached"), std::string::npos);
  render(identity.error());
}

}  // namespace
}  // namespace smp::aws
