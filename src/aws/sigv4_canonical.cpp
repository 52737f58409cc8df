#include "aws/sigv4_canonical.hpp"

#include <algorithm>
#include <array>

#include "aws/uri_encoding.hpp"

namespace smp::aws {

namespace {

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

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
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

// True when folding would not change the value: no whitespace at either end, and inside only
// single spaces.
bool is_folded(std::string_view value) {
  if (value.empty()) return true;
  if (is_space(value.front()) || is_space(value.back())) return false;
  for (std::size_t i = 1; i + 1 < value.size(); ++i) {
    const char c = value[i];
    if (c == ' ' ? value[i + 1] == ' ' : is_space(c)) return false;
  }
  return true;
}

void append_line(CanonicalHeaders& out, std::string_view lower_name) {
  if (!out.signed_headers.empty()) out.signed_headers += ';';
  out.signed_headers += lower_name;
  out.lines += lower_name;
  out.lines += ':';
}

}  // namespace

bool is_unsignable_header(std::string_view name) {
  return std::any_of(kUnsignableHeaders.begin(), kUnsignableHeaders.end(),
                     [&](std::string_view h) { return iequals(h, name); });
}

void append_folded_header_value(std::string& out, std::string_view value) {
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
  std::string path =
      normalize ? normalize_path(wire_path) : std::string(wire_path.empty() ? "/" : wire_path);
  if (!double_encode) return path;
  return uri_encode(path, SlashEncoding::keep);
}

CanonicalHeaders canonical_headers(const Headers& headers, std::span<const SignerHeader> extra) {
  struct Item {
    std::string name;
    std::string_view value;
  };
  std::vector<Item> items;
  items.reserve(headers.size() + extra.size());
  for (const auto& [name, value] : headers) {
    if (!is_unsignable_header(name)) items.push_back({to_lower(name), value});
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
      append_line(out, items[i].name);
    }
    append_folded_header_value(out.lines, items[i].value);
    out.lines += '\n';
  }
  return out;
}

bool canonical_headers_presorted(const Headers& headers, std::span<const SignerHeader> extra,
                                 CanonicalHeaders& out) {
  out.lines.clear();
  out.signed_headers.clear();
  std::size_t reserve = 0;
  for (const auto& [name, value] : headers)
    reserve += name.size() + value.size() + 2;
  for (const SignerHeader& h : extra)
    reserve += h.name.size() + h.value.size() + 2;
  out.lines.reserve(reserve);
  out.signed_headers.reserve(reserve / 2);

  // The last name written, as a window of out.signed_headers (which only grows at its end).
  std::size_t previous_start = 0;
  std::size_t previous_size = 0;
  const auto previous = [&] {
    return std::string_view(out.signed_headers).substr(previous_start, previous_size);
  };
  const auto emit = [&](std::string_view lower_name, std::string_view value) {
    append_line(out, lower_name);
    out.lines += value;
    out.lines += '\n';
    previous_start = out.signed_headers.size() - lower_name.size();
    previous_size = lower_name.size();
  };

  std::size_t next_extra = 0;
  char lowered[128];
  for (const auto& [name, value] : headers) {
    if (name.size() > sizeof lowered || name.empty()) return false;
    std::transform(name.begin(), name.end(), lowered, ascii_lower);
    const std::string_view lower_name(lowered, name.size());
    if (is_unsignable_header(lower_name)) continue;
    if (!is_folded(value)) return false;
    while (next_extra < extra.size() && extra[next_extra].name < lower_name) {
      emit(extra[next_extra].name, extra[next_extra].value);
      ++next_extra;
    }
    if (next_extra < extra.size() && extra[next_extra].name == lower_name) return false;
    if (previous_size != 0 && lower_name <= previous()) return false;  // unsorted or repeated
    emit(lower_name, value);
  }
  for (; next_extra < extra.size(); ++next_extra) {
    if (previous_size != 0 && extra[next_extra].name <= previous()) return false;
    emit(extra[next_extra].name, extra[next_extra].value);
  }
  return true;
}

CanonicalHeaders canonical_headers_for(const Headers& headers,
                                       std::span<const std::string_view> signed_names) {
  CanonicalHeaders out;
  for (std::string_view name : signed_names) {
    append_line(out, name);
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

std::string signature_hex(const Sha256Digest& signing_key, std::string_view string_to_sign) {
  return to_hex(hmac_sha256(signing_key, string_to_sign));
}

}  // namespace smp::aws
