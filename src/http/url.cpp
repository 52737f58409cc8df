#include "http/url.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <charconv>

namespace smp::http {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Error bad_url(std::string_view text, std::string_view why) {
  return Error::make(ErrorKind::invalid_argument, "InvalidUrl",
                     "invalid URL '" + std::string(text) + "': " + std::string(why));
}

}  // namespace

std::string Url::authority() const {
  std::string out = is_ipv6_literal() ? "[" + host + "]" : host;
  if (!has_default_port()) out += ":" + std::to_string(port);
  return out;
}

std::string Url::host_and_port() const {
  return (is_ipv6_literal() ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string Url::to_string() const {
  return scheme + "://" + authority() + target;
}

std::optional<std::string> percent_decode(std::string_view text) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    int high = hex(text[i + 1]);
    int low = hex(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

Result<Url> parse_url(std::string_view text) {
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) return std::unexpected(bad_url(text, parsed.error().message()));
  const boost::urls::url_view& view = *parsed;

  Url url;
  url.scheme = lower(view.scheme());
  if (url.scheme != "http" && url.scheme != "https") {
    return std::unexpected(bad_url(text, "the scheme must be http or https"));
  }
  if (!view.has_authority() || view.encoded_host().empty()) {
    return std::unexpected(bad_url(text, "no host"));
  }
  url.host = lower(view.host_address());

  if (view.has_port() && !view.port().empty()) {
    std::string_view digits = view.port();
    unsigned value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec != std::errc() || end != digits.data() + digits.size() || value == 0 || value > 65535) {
      return std::unexpected(bad_url(text, "port out of range"));
    }
    url.port = static_cast<std::uint16_t>(value);
  } else {
    url.port = Url::default_port(url.scheme);
  }

  // Boost.URL 1.81 reads "http://h:12x/" as port 12 and path "x/"; after an authority the path
  // must be empty or absolute (RFC 3986 path-abempty).
  if (!view.encoded_path().empty() && view.encoded_path().front() != '/') {
    return std::unexpected(bad_url(text, "invalid port or path"));
  }
  url.target = view.encoded_path().empty() ? "/" : std::string(view.encoded_path());
  if (view.has_query()) url.target += "?" + std::string(view.encoded_query());

  if (view.has_userinfo()) {
    url.user = view.user();
    url.password = view.password();
  }
  return url;
}

}  // namespace smp::http
