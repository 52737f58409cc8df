#include "http/proxy.hpp"

#include <boost/url/ipv4_address.hpp>
#include <boost/url/ipv6_address.hpp>
#include <charconv>

namespace smp::http {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::optional<unsigned> parse_number(std::string_view digits, unsigned max) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || value > max) {
    return std::nullopt;
  }
  return value;
}

// The bytes of an IPv4 or IPv6 literal, or nothing for a host name.
std::optional<std::vector<std::uint8_t>> address_bytes(std::string_view host) {
  if (auto v4 = boost::urls::parse_ipv4_address(host)) {
    auto bytes = v4->to_bytes();
    return std::vector<std::uint8_t>(bytes.begin(), bytes.end());
  }
  if (auto v6 = boost::urls::parse_ipv6_address(host)) {
    auto bytes = v6->to_bytes();
    return std::vector<std::uint8_t>(bytes.begin(), bytes.end());
  }
  return std::nullopt;
}

bool same_prefix(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b,
                 unsigned bits) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size() && bits > 0; ++i) {
    unsigned take = bits >= 8 ? 8 : bits;
    auto mask = static_cast<std::uint8_t>(0xFF << (8 - take));
    if ((a[i] & mask) != (b[i] & mask)) return false;
    bits -= take;
  }
  return true;
}

Result<std::optional<Url>> proxy_url(const Environment& env, std::string_view lower_name,
                                     std::string_view upper_name) {
  auto value = env.get(lower_name);
  std::string_view name = lower_name;
  if (!value) {
    value = env.get(upper_name);
    name = upper_name;
  }
  if (!value) return std::optional<Url>{};
  std::string text(trim(*value));
  if (text.find("://") == std::string::npos) text = "http://" + text;
  auto url = parse_url(text);
  if (!url) {
    return fail(ErrorKind::invalid_argument, "InvalidProxy",
                std::string(name) + " is not a valid proxy URL: " + url.error().message);
  }
  if (url->is_https()) {
    return fail(ErrorKind::invalid_argument, "InvalidProxy",
                std::string(name) + " uses https://; only http:// proxies are supported");
  }
  return std::optional<Url>(std::move(*url));
}

}  // namespace

NoProxyRules::NoProxyRules(std::string_view list) {
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    std::string_view entry = trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    if (entry.empty()) continue;
    if (entry == "*") {
      match_all_ = true;
      continue;
    }
    if (auto rule = parse_rule(entry)) rules_.push_back(std::move(*rule));
  }
}

std::optional<NoProxyRules::Rule> NoProxyRules::parse_rule(std::string_view text) {
  Rule rule;
  // Split off ":port": "[v6]:port", "name:port", "v4:port". A bare IPv6 literal has several
  // colons and no port.
  std::string_view host = text;
  if (host.front() == '[') {
    std::size_t close = host.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view rest = host.substr(close + 1);
    host = host.substr(1, close - 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return std::nullopt;
      auto port = parse_number(rest.substr(1), 65535);
      if (!port) return std::nullopt;
      rule.port = static_cast<std::uint16_t>(*port);
    }
  } else if (std::size_t colon = host.rfind(':');
             colon != std::string_view::npos && host.find(':') == colon) {
    auto port = parse_number(host.substr(colon + 1), 65535);
    if (!port) return std::nullopt;
    rule.port = static_cast<std::uint16_t>(*port);
    host = host.substr(0, colon);
  }

  std::string_view address = host;
  std::optional<unsigned> prefix;
  if (std::size_t slash = host.find('/'); slash != std::string_view::npos) {
    address = host.substr(0, slash);
    prefix = parse_number(host.substr(slash + 1), 128);
    if (!prefix) return std::nullopt;
  }
  if (auto bytes = address_bytes(address)) {
    rule.prefix_bits = prefix.value_or(static_cast<unsigned>(bytes->size() * 8));
    if (rule.prefix_bits > bytes->size() * 8) return std::nullopt;
    rule.network = std::move(*bytes);
    return rule;
  }
  if (prefix) return std::nullopt;  // a CIDR suffix on a name

  if (host.starts_with("*.")) host.remove_prefix(2);
  while (!host.empty() && host.front() == '.')
    host.remove_prefix(1);
  if (host.empty()) return std::nullopt;
  rule.domain = lower(host);
  return rule;
}

bool NoProxyRules::rule_matches(const Rule& rule, std::string_view host, std::uint16_t port) {
  if (rule.port && *rule.port != port) return false;
  if (!rule.network.empty()) {
    auto bytes = address_bytes(host);
    return bytes && same_prefix(*bytes, rule.network, rule.prefix_bits);
  }
  if (host.size() < rule.domain.size()) return false;
  std::string_view tail = host.substr(host.size() - rule.domain.size());
  if (lower(tail) != rule.domain) return false;
  return host.size() == rule.domain.size() || host[host.size() - rule.domain.size() - 1] == '.';
}

bool NoProxyRules::matches(std::string_view host, std::uint16_t port) const {
  if (match_all_) return true;
  while (!host.empty() && host.back() == '.')
    host.remove_suffix(1);  // "example.com."
  for (const Rule& rule : rules_) {
    if (rule_matches(rule, host, port)) return true;
  }
  return false;
}

const Url* ProxySettings::proxy_for(const Url& target) const {
  const std::optional<Url>& proxy = target.is_https() ? https_proxy : http_proxy;
  if (!proxy || no_proxy.matches(target.host, target.port)) return nullptr;
  return &*proxy;
}

Result<ProxySettings> ProxySettings::from_environment(const Environment& environment) {
  ProxySettings settings;
  auto https = proxy_url(environment, "https_proxy", "HTTPS_PROXY");
  if (!https) return std::unexpected(https.error());
  auto http = proxy_url(environment, "http_proxy", "HTTP_PROXY");
  if (!http) return std::unexpected(http.error());
  settings.https_proxy = std::move(*https);
  settings.http_proxy = std::move(*http);
  auto no_proxy = environment.get("no_proxy");
  if (!no_proxy) no_proxy = environment.get("NO_PROXY");
  if (no_proxy) settings.no_proxy = NoProxyRules(*no_proxy);
  return settings;
}

}  // namespace smp::http
