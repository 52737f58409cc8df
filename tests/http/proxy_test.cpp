// Proxies end to end: CONNECT tunnels for https, absolute-form for http, NO_PROXY bypass.
#include <gtest/gtest.h>

#include "http/router.hpp"
#include "loopback.hpp"
#include "test_certificates.hpp"
#include "test_proxy.hpp"

namespace smp::http {
namespace {

using testing::IoThread;
using testing::request;

class Proxy : public ::testing::Test {
 protected:
  void SetUp() override {
    cert = testing::make_self_signed_certificate("DNS:localhost,IP:127.0.0.1");
    router.get("/hello", [](ServerRequest&, ResponseWriter& w) -> Task<void> {
      co_await w.send(200, "hello from the origin");
    });
    ServerOptions options;
    options.tls = ServerTlsOptions{cert.certificate_pem, cert.private_key_pem};
    origin.emplace(options, router.handler());
    ASSERT_TRUE(origin->start());
  }

  ClientOptions options_with(ProxySettings proxy) const {
    ClientOptions options;
    options.proxy = std::move(proxy);
    options.use_system_trust_store = false;
    options.extra_ca_pem = cert.certificate_pem;
    return options;
  }
  std::string origin_url(std::string_view path) const {
    return "https://localhost:" + std::to_string(origin->port()) + std::string(path);
  }

  testing::TestCertificate cert;
  Router router;
  std::optional<Server> origin;
  IoThread io;
};

TEST_F(Proxy, HttpsGoesThroughAConnectTunnelThatIsReused) {
  testing::TestProxy proxy;
  auto settings = ProxySettings::from_environment(MapEnvironment{{"HTTPS_PROXY", proxy.url()}});
  ASSERT_TRUE(settings);
  Client client(io.executor(), options_with(*settings));
  for (int i = 0; i < 2; ++i) {
    auto response = io.run(client.send(request("GET", origin_url("/hello"))));
    ASSERT_TRUE(response) << response.error().describe();
    EXPECT_EQ(response->body, "hello from the origin");
  }
  auto seen = proxy.seen();
  ASSERT_EQ(seen.size(), 1u);  // the second request reused the tunnel
  EXPECT_EQ(seen[0].request_line,
            "CONNECT localhost:" + std::to_string(origin->port()) + " HTTP/1.1");
  EXPECT_TRUE(seen[0].proxy_authorization.empty());
}

TEST_F(Proxy, ProxyCredentialsAreSentAsBasicAuth) {
  testing::TestProxy proxy;
  ProxySettings settings;
  settings.https_proxy = *parse_url("http://user:p%40ss@127.0.0.1:" + std::to_string(proxy.port()));
  Client client(io.executor(), options_with(settings));
  ASSERT_TRUE(io.run(client.send(request("GET", origin_url("/hello")))));
  ASSERT_EQ(proxy.seen().size(), 1u);
  EXPECT_EQ(proxy.seen()[0].proxy_authorization, "Basic dXNlcjpwQHNz");  // "user:p@ss"
}

TEST_F(Proxy, RefusedTunnelIsAConnectionErrorWithTheStatus) {
  testing::TestProxy proxy(407);
  ProxySettings settings;
  settings.https_proxy = *parse_url(proxy.url());
  Client client(io.executor(), options_with(settings));
  auto response = io.run(client.send(request("GET", origin_url("/hello"))));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().kind, ErrorKind::connection);
  EXPECT_EQ(response.error().code, "ProxyConnectFailed");
  EXPECT_NE(response.error().message.find("407"), std::string::npos) << response.error().message;
}

TEST_F(Proxy, PlainHttpUsesAbsoluteFormThroughTheProxy) {
  testing::TestProxy proxy;
  auto settings = ProxySettings::from_environment(
      MapEnvironment{{"http_proxy", "127.0.0.1:" + std::to_string(proxy.port())}});
  ASSERT_TRUE(settings);
  Client client(io.executor(), options_with(*settings));
  auto response = io.run(client.send(request("GET", "http://example.invalid:8080/a/b?c=d")));
  ASSERT_TRUE(response) << response.error().describe();
  EXPECT_EQ(response->body, "proxied http://example.invalid:8080/a/b?c=d");
  ASSERT_EQ(proxy.seen().size(), 1u);
  EXPECT_EQ(proxy.seen()[0].request_line, "GET http://example.invalid:8080/a/b?c=d HTTP/1.1");
}

TEST_F(Proxy, NoProxyHostsGoDirect) {
  testing::TestProxy proxy;
  auto settings = ProxySettings::from_environment(
      MapEnvironment{{"HTTPS_PROXY", proxy.url()}, {"NO_PROXY", "example.com,localhost"}});
  ASSERT_TRUE(settings);
  Client client(io.executor(), options_with(*settings));
  auto response = io.run(client.send(request("GET", origin_url("/hello"))));
  ASSERT_TRUE(response) << response.error().describe();
  EXPECT_TRUE(proxy.seen().empty());
}

TEST_F(Proxy, BadProxyVariableFailsRequestsWithTheReason) {
  MapEnvironment env{{"HTTPS_PROXY", "https://proxy.example:443"}};
  ClientOptions options;
  options.environment = &env;
  Client client(io.executor(), options);
  auto response = io.run(client.send(request("GET", origin_url("/hello"))));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, "InvalidProxy");
  EXPECT_NE(response.error().message.find("HTTPS_PROXY"), std::string::npos);
}

}  // namespace
}  // namespace smp::http
