#include "aws/sigv4_canonical.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "aws/uri_encoding.hpp"

namespace smp::aws {

namespace {

// botocore's SIGNED_HEADERS_BLACKLIST plus the Authorization header itself, lower case.
constexpr std::array<std::string_view, 12> kUnsignableHeaders = {"authorization",
                                                                 "connection",
                                                                 "expect",
                                                                 "keep-alive",
                                                                 "proxy-authenticate",
                                                                 "proxy-authorization",
                                                                 "te",
                                                                 "trailer",
                                                                 "transfer-encoding",
                                                                 "upgrade",
                                                                 "user-agent",
                                                                 "x-amzn-trace-id"};

constexpr std::array<bool, 256> make_space_table() {
  std::array<bool, 256> table{};
  for (char c : {' ', '\t', '\n', '\r', '\v', '\f'})
    table[static_cast<unsigned char>(c)] = true;
  return table;
}
constexpr std::array<bool, 256> kSpace = make_space_table();

bool is_space(char c) {
  return kSpace[static_cast<unsigned char>(c)];
}

// True when some byte is <= 0x20, which every whitespace byte is. Eight bytes per step with the
// "has a byte less than n" word trick: a byte b < 0x21 borrows into its top bit in x - 0x21..21,
// and masking with ~x discards bytes that had the top bit set already (UTF-8).
bool has_byte_up_to_space(std::string_view text) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHighBits = 0x8080808080808080ull;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    if (((word - kOnes * 0x21) & ~word & kHighBits) != 0) return true;
  }
  for (; i < text.size(); ++i) {
    if (static_cast<unsigned char>(text[i]) <= 0x20) return true;
  }
  return false;
}

// For a name already in lower case: a length check rules out almost every header at once.
bool is_unsignable_lower(std::string_view lower_name) {
  for (std::string_view h : kUnsignableHeaders) {
    if (h.size() == lower_name.size() && h == lower_name) return true;
  }
  return false;
}

char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

void append_lower(std::string& out, std::string_view text) {
  for (char c : text)
    out += ascii_lower(c);
}

std::string to_lower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  append_lower(out, text);
  return out;
}

// True when the signer supplies this header itself (compared in lower case).
bool is_signer_header(std::string_view lower_name, std::span<const SignerHeader> extra) {
  for (const SignerHeader& h : extra) {
    if (h.name.size() == lower_name.size() && h.name == lower_name) return true;
  }
  return false;
}

void append_line(std::string& lines, std::string& signed_headers, std::string_view lower_name) {
  if (!signed_headers.empty()) signed_headers += ';';
  signed_headers += lower_name;
  lines += lower_name;
  lines += ':';
}

// True for a path whose canonical form is itself under every option: it starts with '/', has
// only unreserved characters and '/', and no empty, "." or ".." segment.
bool is_canonical_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c == '/') {
      if (i + 1 < path.size() && path[i + 1] == '/') return false;
      continue;
    }
    if (c == '.' && path[i - 1] == '/') {
      const std::string_view rest = path.substr(i);
      if (rest == "." || rest == ".." || rest.starts_with("./") || rest.starts_with("../")) {
        return false;
      }
    }
    if (!is_unreserved(c)) return false;
  }
  return true;
}

}  // namespace

bool is_unsignable_header(std::string_view name) {
  return std::any_of(kUnsignableHeaders.begin(), kUnsignableHeaders.end(),
                     [&](std::string_view h) { return iequals(h, name); });
}

void append_folded_header_value(std::string& out, std::string_view value) {
  // Most values need no folding (tokens, dates, hashes have no space at all): one word-wide
  // scan, one copy. Values with single inner spaces are still copied as they are.
  bool folded = !has_byte_up_to_space(value);
  if (!folded) {
    folded = !is_space(value.front()) && !is_space(value.back());
    for (std::size_t i = 1; folded && i + 1 < value.size(); ++i) {
      const char c = value[i];
      if (c == ' ' ? value[i + 1] == ' ' : is_space(c)) folded = false;
    }
  }
  if (folded) {
    out += value;
    return;
  }
  std::size_t i = 0;
  bool first = true;
  while (i < value.size()) {
    while (i < value.size() && is_space(value[i]))
      ++i;
    const std::size_t start = i;
    while (i < value.size() && !is_space(value[i]))
      ++i;
    if (i > start) {
      if (!first) out += ' ';
      out.append(value.substr(start, i - start));
      first = false;
    }
  }
}

std::string canonical_uri(std::string_view wire_path, bool normalize, bool double_encode) {
  std::string out;
  append_canonical_uri(out, wire_path, normalize, double_encode);
  return out;
}

void append_canonical_uri(std::string& out, std::string_view wire_path, bool normalize,
                          bool double_encode) {
  if (is_canonical_path(wire_path)) {
    out += wire_path;
    return;
  }
  const std::string path =
      normalize ? normalize_path(wire_path) : std::string(wire_path.empty() ? "/" : wire_path);
  if (double_encode) {
    append_uri_encoded(out, path, SlashEncoding::keep);
  } else {
    out += path;
  }
}

CanonicalHeaders canonical_headers(const Headers& headers, std::span<const SignerHeader> extra) {
  struct Item {
    std::string name;
    std::string_view value;
  };
  std::vector<Item> items;
  items.reserve(headers.size() + extra.size());
  for (const auto& [name, value] : headers) {
    if (is_unsignable_header(name)) continue;
    std::string lower_name = to_lower(name);
    if (!is_signer_header(lower_name, extra)) items.push_back({std::move(lower_name), value});
  }
  for (const SignerHeader& h : extra)
    items.push_back({std::string(h.name), h.value});
  // Stable: repeated names keep the order in which they were sent.
  std::stable_sort(items.begin(), items.end(),
                   [](const Item& a, const Item& b) { return a.name < b.name; });

  CanonicalHeaders out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const bool continues = i > 0 && items[i].name == items[i - 1].name;
    if (continues) {
      out.lines.back() = ',';  // replaces the '\n' of the previous value
    } else {
      append_line(out.lines, out.signed_headers, items[i].name);
    }
    append_folded_header_value(out.lines, items[i].value);
    out.lines += '\n';
  }
  return out;
}

bool canonical_headers_fast(const Headers& headers, std::span<const SignerHeader> extra,
                            std::string& lines, std::string& signed_headers) {
  constexpr std::size_t kMaxFields = 32;
  constexpr std::size_t kNameBytes = 1024;
  // Trivially constructible (string_view is not), so the array is not zeroed on every call.
  struct Field {
    const char* name_data;
    std::size_t name_size;
    const char* value_data;
    std::size_t value_size;
    std::string_view name() const { return {name_data, name_size}; }
    std::string_view value() const { return {value_data, value_size}; }
  };
  const auto field = [](std::string_view name, std::string_view value) {
    return Field{name.data(), name.size(), value.data(), value.size()};
  };
  std::array<Field, kMaxFields> fields;
  std::size_t count = 0;
  std::array<char, kNameBytes> names;
  std::size_t used = 0;
  std::size_t lines_size = 0;
  std::size_t names_size = 0;

  for (const auto& [name, value] : headers) {
    if (count == kMaxFields || name.size() > kNameBytes - used) return false;
    char* lowered = names.data() + used;
    std::transform(name.begin(), name.end(), lowered, ascii_lower);
    const std::string_view lower_name(lowered, name.size());
    if (is_unsignable_lower(lower_name) || is_signer_header(lower_name, extra)) continue;
    used += name.size();
    fields[count++] = field(lower_name, value);
    lines_size += name.size() + value.size() + 2;
    names_size += name.size() + 1;
  }
  for (const SignerHeader& h : extra) {
    if (count == kMaxFields) return false;
    fields[count++] = field(h.name, h.value);
    lines_size += h.name.size() + h.value.size() + 2;
    names_size += h.name.size() + 1;
  }
  // Insertion sort: stable (repeated names keep their order) and linear on sorted input.
  for (std::size_t i = 1; i < count; ++i) {
    const Field moving = fields[i];
    std::size_t j = i;
    for (; j > 0 && moving.name() < fields[j - 1].name(); --j)
      fields[j] = fields[j - 1];
    fields[j] = moving;
  }

  lines.reserve(lines.size() + lines_size);
  signed_headers.reserve(signed_headers.size() + names_size);
  const std::size_t signed_start = signed_headers.size();
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0 && fields[i].name() == fields[i - 1].name()) {
      lines.back() = ',';  // replaces the '\n' of the previous value
    } else {
      if (signed_headers.size() != signed_start) signed_headers += ';';
      signed_headers += fields[i].name();
      lines += fields[i].name();
      lines += ':';
    }
    append_folded_header_value(lines, fields[i].value());
    lines += '\n';
  }
  return true;
}

CanonicalHeaders canonical_headers_for(const Headers& headers,
                                       std::span<const std::string_view> signed_names) {
  CanonicalHeaders out;
  for (std::string_view name : signed_names) {
    append_line(out.lines, out.signed_headers, name);
    bool first = true;
    for (const auto& [field_name, value] : headers) {
      if (!iequals(field_name, name)) continue;
      if (!first) out.lines += ',';
      append_folded_header_value(out.lines, value);
      first = false;
    }
    out.lines += '\n';
  }
  return out;
}

std::string canonical_request(std::string_view method, std::string_view canonical_uri,
                              std::string_view canonical_query, const CanonicalHeaders& headers,
                              std::string_view payload_hash) {
  std::string out;
  out.reserve(method.size() + canonical_uri.size() + canonical_query.size() + headers.lines.size() +
              headers.signed_headers.size() + payload_hash.size() + 5);
  for (char c : method)
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  out += '\n';
  out += canonical_uri;
  out += '\n';
  out += canonical_query;
  out += '\n';
  out += headers.lines;
  out += '\n';
  out += headers.signed_headers;
  out += '\n';
  out += payload_hash;
  return out;
}

std::string credential_scope(std::string_view date, std::string_view region,
                             std::string_view service) {
  std::string out;
  out.reserve(date.size() + region.size() + service.size() + 15);
  out += date;
  out += '/';
  out += region;
  out += '/';
  out += service;
  out += "/aws4_request";
  return out;
}

std::string string_to_sign(std::string_view amz_date, std::string_view scope,
                           std::string_view canonical_request) {
  std::string out;
  out.reserve(kSigV4Algorithm.size() + amz_date.size() + scope.size() + 2 * kSha256Size + 3);
  out += kSigV4Algorithm;
  out += '\n';
  out += amz_date;
  out += '\n';
  out += scope;
  out += '\n';
  append_hex(out, sha256(canonical_request));
  return out;
}

std::pair<std::size_t, std::size_t> append_string_to_sign(
    std::string& out, std::string_view amz_date, std::string_view date, std::string_view region,
    std::string_view service, std::string_view canonical_request) {
  out.reserve(out.size() + kSigV4Algorithm.size() + amz_date.size() + date.size() + region.size() +
              service.size() + 2 * kSha256Size + 18);
  out += kSigV4Algorithm;
  out += '\n';
  out += amz_date;
  out += '\n';
  const std::size_t scope_start = out.size();
  out += date;
  out += '/';
  out += region;
  out += '/';
  out += service;
  out += "/aws4_request";
  const std::size_t scope_size = out.size() - scope_start;
  out += '\n';
  append_hex(out, sha256(canonical_request));
  return {scope_start, scope_size};
}

std::string signature_hex(const Sha256Digest& signing_key, std::string_view string_to_sign) {
  return to_hex(hmac_sha256(signing_key, string_to_sign));
}

}  // namespace smp::aws
