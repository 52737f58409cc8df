#pragma once
// URI pieces as SigV4 sees them (aws-wire.md §3.2, §3.3): RFC 3986 percent-encoding with the
// unreserved set A-Za-z0-9-._~, path normalisation, the canonical query string, and a tolerant
// URL splitter that keeps the path and query exactly as they travel on the wire.
#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smp::aws {

enum class SlashEncoding { encode, keep };

namespace detail {
constexpr std::array<bool, 256> make_unreserved_table() {
  std::array<bool, 256> table{};
  for (int c = 'A'; c <= 'Z'; ++c)
    table[c] = true;
  for (int c = 'a'; c <= 'z'; ++c)
    table[c] = true;
  for (int c = '0'; c <= '9'; ++c)
    table[c] = true;
  table['-'] = table['.'] = table['_'] = table['~'] = true;
  return table;
}
inline constexpr std::array<bool, 256> kUnreserved = make_unreserved_table();
}  // namespace detail

// A-Za-z0-9 - . _ ~ (inline: the signer asks once per character of every path)
inline bool is_unreserved(char c) {
  return detail::kUnreserved[static_cast<unsigned char>(c)];
}

// Percent-encodes every byte outside A-Za-z0-9-._~ (and '/' with SlashEncoding::keep) as %XX with
// upper-case hex. A '%' is encoded too, which is what turns a wire path into its double-encoded
// canonical form.
std::string uri_encode(std::string_view text, SlashEncoding slash = SlashEncoding::encode);
void append_uri_encoded(std::string& out, std::string_view text,
                        SlashEncoding slash = SlashEncoding::encode);

// Decodes %XX (either hex case). A '%' not followed by two hex digits stays as it is; '+' stays
// '+' (this is URI decoding, not form decoding).
std::string uri_decode(std::string_view text);

// RFC 3986 remove-dot-segments plus the collapsing of empty segments that AWS services expect,
// with botocore's rules for the ends: a leading '/' is kept, a trailing '/' is kept only when a
// segment remains ("/a/b/" -> "/a/b/", "/a/.." -> "/", "/a/." -> "/a"), "" -> "/".
std::string normalize_path(std::string_view path);

// Query parameters as decoded (key, value) pairs, in wire order. Empty pieces ("a=1&&b=2") are
// skipped; a key without '=' has an empty value.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);

// The SigV4 canonical query string of a raw wire query (without the '?'): each key and value is
// decoded, re-encoded with the unreserved set, then the pairs are sorted by encoded key and, for
// repeated keys, by encoded value, and joined as k=v with '&'.
std::string canonical_query_string(std::string_view query);
// Same for parameters that are not encoded yet (presigning adds its X-Amz-* parameters this way).
std::string canonical_query_string(std::vector<std::pair<std::string, std::string>> params);

// scheme://[userinfo@]authority/path?query#fragment, split without decoding or validating, so
// that a path with raw spaces or UTF-8 (as the SigV4 suite writes them) survives. An origin-form
// target ("/path?query", as a server receives it) has empty scheme and authority.
struct UrlParts {
  std::string_view scheme;
  std::string_view authority;  // host[:port], userinfo removed
  std::string_view path;       // "" when the URL has none
  std::string_view query;      // without '?'
};
UrlParts split_url(std::string_view url);

// The value a client puts in the Host header for that URL: the host in lower case, ":port" only
// when the port is not the scheme's default (80 for http, 443 for https).
std::string host_header_value(const UrlParts& url);

}  // namespace smp::aws
