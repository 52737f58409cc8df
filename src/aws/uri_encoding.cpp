#include "aws/uri_encoding.hpp"

#include <algorithm>
#include <array>

#include "base/hex.hpp"

namespace smp::aws {

namespace {

using detail::kUnreserved;
constexpr char kUpperHex[] = "0123456789ABCDEF";

char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

void append_uri_encoded(std::string& out, std::string_view text, SlashEncoding slash) {
  const bool keep_slash = slash == SlashEncoding::keep;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (kUnreserved[byte] || (keep_slash && c == '/')) {
      out += c;
    } else {
      const char escaped[3] = {'%', kUpperHex[byte >> 4], kUpperHex[byte & 0x0f]};
      out.append(escaped, 3);
    }
  }
}

std::string uri_encode(std::string_view text, SlashEncoding slash) {
  std::string out;
  out.reserve(text.size());
  append_uri_encoded(out, text, slash);
  return out;
}

std::string uri_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int hi = hex_digit_value(text[i + 1]);
      const int lo = hex_digit_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi << 4 | lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

std::string normalize_path(std::string_view path) {
  if (path.empty()) return "/";
  std::vector<std::string_view> segments;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    const std::string_view segment = path.substr(start, end - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    start = end + 1;
  }
  std::string out;
  out.reserve(path.size());
  if (path.front() == '/') out += '/';
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i != 0) out += '/';
    out += segments[i];
  }
  if (path.back() == '/' && !segments.empty()) out += '/';
  return out;
}

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> params;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view piece = query.substr(start, end - start);
    if (!piece.empty()) {
      const std::size_t eq = piece.find('=');
      if (eq == std::string_view::npos) {
        params.emplace_back(uri_decode(piece), std::string());
      } else {
        params.emplace_back(uri_decode(piece.substr(0, eq)), uri_decode(piece.substr(eq + 1)));
      }
    }
    start = end + 1;
  }
  return params;
}

std::string canonical_query_string(std::vector<std::pair<std::string, std::string>> params) {
  for (auto& [key, value] : params) {
    key = uri_encode(key);
    value = uri_encode(value);
  }
  // Pair comparison is exactly "by encoded key, then by encoded value" (bytewise).
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [key, value] : params) {
    if (!out.empty()) out += '&';
    out += key;
    out += '=';
    out += value;
  }
  return out;
}

std::string canonical_query_string(std::string_view query) {
  return canonical_query_string(parse_query(query));
}

UrlParts split_url(std::string_view url) {
  // Single scans with memchr or a loop: find_first_of("/?") would call memchr once per character.
  UrlParts parts;
  if (const std::size_t hash = url.find('#'); hash != std::string_view::npos) {
    url = url.substr(0, hash);
  }
  const auto path_or_query_start = [](std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '/' || text[i] == '?') return i;
    }
    return std::string_view::npos;
  };
  const std::size_t scheme_end = url.find("://");
  std::string_view rest = url;
  if (scheme_end != std::string_view::npos && path_or_query_start(url) > scheme_end) {
    parts.scheme = url.substr(0, scheme_end);
    rest = url.substr(scheme_end + 3);
    const std::size_t authority_end = path_or_query_start(rest);
    std::string_view authority = rest.substr(0, authority_end);
    if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
      authority = authority.substr(at + 1);
    }
    parts.authority = authority;
    rest =
        authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  }
  const std::size_t question = rest.find('?');
  parts.path = rest.substr(0, question);
  if (question != std::string_view::npos) parts.query = rest.substr(question + 1);
  return parts;
}

std::string host_header_value(const UrlParts& url) {
  std::string_view host = url.authority;
  std::string_view port;
  // An IPv6 literal keeps its brackets; its colons are not a port separator.
  const std::size_t bracket = host.rfind(']');
  const std::size_t colon = host.rfind(':');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  std::string out(host.size(), '\0');
  std::transform(host.begin(), host.end(), out.begin(), ascii_lower);
  std::string scheme(url.scheme.size(), '\0');
  std::transform(url.scheme.begin(), url.scheme.end(), scheme.begin(), ascii_lower);
  const bool default_port =
      port.empty() || (scheme == "http" && port == "80") || (scheme == "https" && port == "443");
  if (!default_port) {
    out += ':';
    out += port;
  }
  return out;
}

}  // namespace smp::aws
