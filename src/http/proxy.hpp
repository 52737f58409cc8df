#pragma once
// Which proxy, if any, a request goes through: HTTPS_PROXY / HTTP_PROXY with NO_PROXY exceptions,
// read through smp::Environment so tests give each case its own variables. No I/O.
//
// NO_PROXY is a comma-separated list. Each entry is "*" (no proxy at all), a domain that matches
// itself and its subdomains ("example.com", ".example.com" and "*.example.com" are the same
// rule), an IP literal, an IP range in CIDR form ("10.0.0.0/8", "fd00::/8"), and any of those
// followed by ":port" to match only that port ("[::1]:8080" for IPv6).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/environment.hpp"
#include "base/error.hpp"
#include "http/url.hpp"

namespace smp::http {

class NoProxyRules {
 public:
  NoProxyRules() = default;
  explicit NoProxyRules(std::string_view list);

  bool matches(std::string_view host, std::uint16_t port) const;
  bool empty() const { return rules_.empty() && !match_all_; }

 private:
  struct Rule {
    std::string domain;                 // lower case, no leading dot; empty for address rules
    std::vector<std::uint8_t> network;  // 4 or 16 bytes for address rules
    unsigned prefix_bits = 0;
    std::optional<std::uint16_t> port;
  };
  static std::optional<Rule> parse_rule(std::string_view text);
  static bool rule_matches(const Rule& rule, std::string_view host, std::uint16_t port);

  std::vector<Rule> rules_;
  bool match_all_ = false;
};

struct ProxySettings {
  std::optional<Url> http_proxy;   // for http:// targets (absolute-form requests)
  std::optional<Url> https_proxy;  // for https:// targets (CONNECT tunnel)
  NoProxyRules no_proxy;

  // The proxy this target goes through, or nullptr for a direct connection.
  const Url* proxy_for(const Url& target) const;

  // Reads https_proxy/HTTPS_PROXY, http_proxy/HTTP_PROXY and no_proxy/NO_PROXY (lower case
  // first, as curl does). A proxy given without a scheme is http://; https:// proxies (TLS to
  // the proxy itself) are not supported and are an error.
  static Result<ProxySettings> from_environment(const Environment& environment);
};

}  // namespace smp::http
