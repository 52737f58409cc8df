#pragma once
// Absolute http(s) URLs split into what a connection needs (scheme, host, port) and what the
// request line needs (target). Parsed with Boost.URL; no I/O.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace smp::http {

struct Url {
  std::string scheme;  // "http" or "https", lower case
  std::string host;    // lower case; IPv6 literals without brackets ("::1")
  std::uint16_t port = 0;
  std::string target = "/";  // origin-form: path plus "?query" when present, never empty
  std::string user;          // decoded userinfo (proxy URLs carry credentials)
  std::string password;

  bool is_https() const { return scheme == "https"; }
  bool is_ipv6_literal() const { return host.find(':') != std::string::npos; }
  bool has_default_port() const { return port == default_port(scheme); }
  // "host[:port]": IPv6 in brackets, the port only when it is not the scheme's default. This is
  // the Host header value and the SigV4 host (aws-wire.md §1.9).
  std::string authority() const;
  // "host:port" with the port always present (CONNECT requests, pool keys, messages).
  std::string host_and_port() const;
  // "scheme://authority" + target.
  std::string to_string() const;

  static std::uint16_t default_port(std::string_view scheme) {
    return scheme == "https" ? 443 : 80;
  }
};

// Decodes %XX escapes ("+" stays "+", as in RFC 3986); nothing for a malformed escape.
std::optional<std::string> percent_decode(std::string_view text);

// Accepts only absolute http:// and https:// URLs with a host. Fragments are dropped.
Result<Url> parse_url(std::string_view text);

}  // namespace smp::http
