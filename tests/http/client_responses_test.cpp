// The client against responses our own server never sends: interim 1xx, bodies that end with
// the connection, truncated bodies, garbage, oversized heads.
#include <gtest/gtest.h>

#include "loopback.hpp"

namespace smp::http {
namespace {

using testing::IoThread;
using testing::request;
using testing::ScriptedServer;

class ClientResponses : public ::testing::Test {
 protected:
  Result<HttpResponse> get(const ScriptedServer& server) {
    return io.run(client.send(request("GET", server.url() + "/x")));
  }
  IoThread io;
  Client client{io.executor(), testing::direct_client_options()};
};

TEST_F(ClientResponses, InterimResponsesAreSkipped) {
  ScriptedServer server(
      "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
      "HTTP/1.1 100 Continue\r\n\r\n"
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Final: yes\r\n\r\nfinal");
  auto response = get(server);
  ASSERT_TRUE(response) << response.error().describe();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "final");
  EXPECT_EQ(response->headers.get("x-final"), "yes");
  EXPECT_FALSE(response->headers.contains("link"));
}

TEST_F(ClientResponses, BodyDelimitedByCloseIsReadToTheEnd) {
  ScriptedServer server("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end");
  auto response = get(server);
  ASSERT_TRUE(response) << response.error().describe();
  EXPECT_EQ(response->body, "until the end");
  EXPECT_EQ(client.stats().idle_connections, 0u);
}

TEST_F(ClientResponses, TruncatedBodyIsAConnectionError) {
  ScriptedServer server("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this");
  auto response = get(server);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::connection);
  EXPECT_EQ(response.error().code, "ConnectionClosed");
}

TEST_F(ClientResponses, TruncatedChunkedStreamIsAConnectionError) {
  ScriptedServer server("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
  std::string body;
  auto head = io.run(client.send_streaming(request("GET", server.url() + "/"), {},
                                           [&](std::string_view b) -> Task<Result<void>> {
                                             body.append(b);
                                             co_return Result<void>{};
                                           }));
  ASSERT_FALSE(head);
  EXPECT_EQ(head.error().kind, ErrorKind::connection);
  EXPECT_EQ(body, "hello");  // what arrived was delivered before the error
}

TEST_F(ClientResponses, GarbageIsAProtocolErrorNamingTheHost) {
  ScriptedServer server("SSH-2.0-OpenSSH_9.2\r\n\r\n");
  auto response = get(server);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::protocol);
  EXPECT_NE(response.error().message.find("127.0.0.1:" + std::to_string(server.port())),
            std::string::npos);
}

TEST_F(ClientResponses, OversizedHeadIsAProtocolError) {
  ScriptedServer server("HTTP/1.1 200 OK\r\nX-Huge: " + std::string(70'000, 'h') +
                        "\r\nContent-Length: 0\r\n\r\n");
  auto response = get(server);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::protocol);
}

TEST_F(ClientResponses, ServerClosingWithoutAnswerOnAFreshConnectionIsNotRetried) {
  ScriptedServer server("");
  auto response = get(server);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::connection);
  EXPECT_EQ(client.stats().stale_retries, 0u);
  EXPECT_EQ(client.stats().connections_opened, 1u);
}

TEST_F(ClientResponses, RepeatedHeadersAreKeptInOrder) {
  ScriptedServer server(
      "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 0\r\n\r\n");
  auto response = get(server);
  ASSERT_TRUE(response);
  std::vector<std::string> cookies;
  for (const auto& [name, value] : response->headers) {
    if (iequals(name, "set-cookie")) cookies.push_back(value);
  }
  EXPECT_EQ(cookies, (std::vector<std::string>{"a=1", "b=2"}));
}

}  // namespace
}  // namespace smp::http
