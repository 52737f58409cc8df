// HTTPS against our own TLS server with a certificate made in the test.
#include <gtest/gtest.h>

#include "http/router.hpp"
#include "loopback.hpp"
#include "test_certificates.hpp"

namespace smp::http {
namespace {

using testing::IoThread;
using testing::request;

class Tls : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    good = new testing::TestCertificate(
        testing::make_self_signed_certificate("DNS:localhost,IP:127.0.0.1"));
    other =
        new testing::TestCertificate(testing::make_self_signed_certificate("DNS:other.example"));
  }
  static void TearDownTestSuite() {
    delete good;
    delete other;
  }

  std::unique_ptr<Server> start_server(const testing::TestCertificate& cert) {
    Router router;
    router.get("/hello", [](ServerRequest& r, ResponseWriter& w) -> Task<void> {
      co_await w.send(200, "hello over " + r.remote_address.substr(0, 9));
    });
    router.get("/stream", [](ServerRequest&, ResponseWriter& w) -> Task<void> {
      co_await w.begin_sse();
      for (int i = 0; i < 20; ++i)
        co_await w.send_event("event " + std::to_string(i));
      co_await w.end_stream();
    });
    ServerOptions options;
    options.tls = ServerTlsOptions{cert.certificate_pem, cert.private_key_pem};
    auto server = std::make_unique<Server>(options, router.handler());
    EXPECT_TRUE(server->start());
    return server;
  }

  static ClientOptions trusting(const testing::TestCertificate& cert) {
    ClientOptions options = testing::direct_client_options();
    options.use_system_trust_store = false;
    options.extra_ca_pem = cert.certificate_pem;
    return options;
  }

  static testing::TestCertificate* good;
  static testing::TestCertificate* other;
  IoThread io;
};

testing::TestCertificate* Tls::good = nullptr;
testing::TestCertificate* Tls::other = nullptr;

TEST_F(Tls, TrustedCertificateByNameAndByAddress) {
  auto server = start_server(*good);
  Client client(io.executor(), trusting(*good));
  std::string port = std::to_string(server->port());
  for (std::string host : {"localhost", "127.0.0.1"}) {
    auto response = io.run(client.send(request("GET", "https://" + host + ":" + port + "/hello")));
    ASSERT_TRUE(response) << host << ": " << response.error().describe();
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "hello over 127.0.0.1");
  }
  EXPECT_EQ(server->url().rfind("https://", 0), 0u);
}

TEST_F(Tls, KeepAliveAndStreamingOverTls) {
  auto server = start_server(*good);
  Client client(io.executor(), trusting(*good));
  std::string url = "https://localhost:" + std::to_string(server->port());
  std::string body;
  auto head = io.run(client.send_streaming(request("GET", url + "/stream"), {},
                                           [&](std::string_view b) -> Task<Result<void>> {
                                             body.append(b);
                                             co_return Result<void>{};
                                           }));
  ASSERT_TRUE(head) << head.error().describe();
  EXPECT_NE(body.find("data: event 19\n\n"), std::string::npos);
  ASSERT_TRUE(io.run(client.send(request("GET", url + "/hello"))));
  EXPECT_EQ(client.stats().connections_opened, 1u);
  EXPECT_EQ(client.stats().connections_reused, 1u);
}

TEST_F(Tls, CertificateForAnotherNameIsRejected) {
  auto server = start_server(*other);
  Client client(io.executor(), trusting(*other));
  auto response = io.run(client.send(
      request("GET", "https://localhost:" + std::to_string(server->port()) + "/hello")));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::connection);
  EXPECT_EQ(response.error().code, "TlsError");
  EXPECT_NE(response.error().message.find("does not match"), std::string::npos)
      << response.error().message;
}

TEST_F(Tls, UntrustedCertificateIsRejected) {
  auto server = start_server(*good);
  ClientOptions options = testing::direct_client_options();  // system trust store only
  Client client(io.executor(), options);
  auto response = io.run(client.send(
      request("GET", "https://localhost:" + std::to_string(server->port()) + "/hello")));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, "TlsError");
  EXPECT_NE(response.error().message.find("certificate verification failed"), std::string::npos)
      << response.error().message;
}

TEST_F(Tls, PlainHttpServerIsNotMistakenForTls) {
  Router router;
  router.get("/",
             [](ServerRequest&, ResponseWriter& w) -> Task<void> { co_await w.send(200, ""); });
  Server plain(ServerOptions{}, router.handler());
  ASSERT_TRUE(plain.start());
  Client client(io.executor(), trusting(*good));
  auto response = io.run(
      client.send(request("GET", "https://127.0.0.1:" + std::to_string(plain.port()) + "/")));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::connection);
}

TEST_F(Tls, BadServerKeyIsAStartError) {
  Router router;
  ServerOptions options;
  options.tls = ServerTlsOptions{good->certificate_pem, "not a key"};
  Server server(options, router.handler());
  auto started = server.start();
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().code, "TlsSetup");
}

}  // namespace
}  // namespace smp::http
