#include <gtest/gtest.h>

#include "http/proxy.hpp"

namespace smp::http {
namespace {

TEST(NoProxyRules, DomainRulesMatchTheDomainAndItsSubdomainsOnly) {
  for (const char* rule : {"example.com", ".example.com", "*.example.com", " EXAMPLE.com "}) {
    NoProxyRules rules(rule);
    EXPECT_TRUE(rules.matches("example.com", 443)) << rule;
    EXPECT_TRUE(rules.matches("api.example.com", 443)) << rule;
    EXPECT_TRUE(rules.matches("a.b.example.com", 80)) << rule;
    EXPECT_TRUE(rules.matches("api.example.com.", 80)) << rule;  // fully qualified
    EXPECT_FALSE(rules.matches("badexample.com", 443)) << rule;
    EXPECT_FALSE(rules.matches("example.com.evil.org", 443)) << rule;
    EXPECT_FALSE(rules.matches("com", 443)) << rule;
  }
}

TEST(NoProxyRules, StarMatchesEverything) {
  NoProxyRules rules("foo, *");
  EXPECT_TRUE(rules.matches("anything.at.all", 1));
  EXPECT_TRUE(rules.matches("10.1.2.3", 443));
}

TEST(NoProxyRules, PortRulesMatchOnlyThatPort) {
  NoProxyRules rules("internal.corp:8443,[::1]:8080,127.0.0.1:9000");
  EXPECT_TRUE(rules.matches("internal.corp", 8443));
  EXPECT_TRUE(rules.matches("svc.internal.corp", 8443));
  EXPECT_FALSE(rules.matches("internal.corp", 443));
  EXPECT_TRUE(rules.matches("::1", 8080));
  EXPECT_FALSE(rules.matches("::1", 8081));
  EXPECT_TRUE(rules.matches("127.0.0.1", 9000));
  EXPECT_FALSE(rules.matches("127.0.0.1", 9001));
}

TEST(NoProxyRules, AddressesAndCidrRanges) {
  NoProxyRules rules("169.254.169.254, 10.0.0.0/8, fd00::/8, ::1");
  EXPECT_TRUE(rules.matches("169.254.169.254", 80));
  EXPECT_FALSE(rules.matches("169.254.169.253", 80));
  EXPECT_TRUE(rules.matches("10.200.3.4", 443));
  EXPECT_FALSE(rules.matches("11.0.0.1", 443));
  EXPECT_TRUE(rules.matches("fd12:3456::1", 443));
  EXPECT_FALSE(rules.matches("fe80::1", 443));
  EXPECT_TRUE(rules.matches("::1", 443));
  EXPECT_FALSE(rules.matches("10.example.com", 443));  // a name is not in an address range
}

TEST(NoProxyRules, OddCidrPrefixesCompareBitsNotBytes) {
  NoProxyRules rules("192.168.4.0/22");
  EXPECT_TRUE(rules.matches("192.168.7.255", 1));
  EXPECT_FALSE(rules.matches("192.168.8.0", 1));
}

TEST(NoProxyRules, MalformedEntriesAreIgnored) {
  NoProxyRules rules(",, :80, [::1, 10.0.0.0/99, host:notaport, name/8, good.example");
  EXPECT_TRUE(rules.matches("good.example", 443));
  EXPECT_FALSE(rules.matches("host", 80));
  EXPECT_FALSE(rules.matches("10.0.0.1", 80));
}

TEST(ProxySettings, LowerCaseVariablesWinAndSchemeDefaultsToHttp) {
  MapEnvironment env{{"https_proxy", "proxy.lower:3128"},
                     {"HTTPS_PROXY", "http://proxy.upper:3128"},
                     {"HTTP_PROXY", "http://plain.proxy:8080"},
                     {"NO_PROXY", "localhost,169.254.169.254"}};
  auto settings = ProxySettings::from_environment(env);
  ASSERT_TRUE(settings) << settings.error().describe();
  ASSERT_TRUE(settings->https_proxy);
  EXPECT_EQ(settings->https_proxy->host, "proxy.lower");
  ASSERT_TRUE(settings->http_proxy);
  EXPECT_EQ(settings->http_proxy->host, "plain.proxy");

  auto https_target = parse_url("https://runtime.sagemaker.eu-west-1.amazonaws.com/");
  auto http_target = parse_url("http://example.com/");
  auto imds = parse_url("http://169.254.169.254/latest/api/token");
  auto local = parse_url("https://localhost:8443/");
  ASSERT_TRUE(https_target && http_target && imds && local);
  ASSERT_NE(settings->proxy_for(*https_target), nullptr);
  EXPECT_EQ(settings->proxy_for(*https_target)->host, "proxy.lower");
  ASSERT_NE(settings->proxy_for(*http_target), nullptr);
  EXPECT_EQ(settings->proxy_for(*http_target)->host, "plain.proxy");
  EXPECT_EQ(settings->proxy_for(*imds), nullptr);
  EXPECT_EQ(settings->proxy_for(*local), nullptr);
}

TEST(ProxySettings, NoVariablesMeansDirect) {
  MapEnvironment env;
  auto settings = ProxySettings::from_environment(env);
  ASSERT_TRUE(settings);
  auto target = parse_url("https://example.com/");
  EXPECT_EQ(settings->proxy_for(*target), nullptr);
}

TEST(ProxySettings, HttpsProxyAndGarbageAreErrorsThatNameTheVariable) {
  MapEnvironment tls_proxy{{"HTTPS_PROXY", "https://proxy:443"}};
  auto a = ProxySettings::from_environment(tls_proxy);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().kind, ErrorKind::invalid_argument);
  EXPECT_NE(a.error().message.find("HTTPS_PROXY"), std::string::npos);

  MapEnvironment garbage{{"http_proxy", "http://[broken"}};
  auto b = ProxySettings::from_environment(garbage);
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().message.find("http_proxy"), std::string::npos);
}

}  // namespace
}  // namespace smp::http
