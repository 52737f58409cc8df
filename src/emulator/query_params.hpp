#pragma once
// Decoding of `application/x-www-form-urlencoded` bodies and URL query strings: the STS Query
// protocol sends its parameters this way, and S3 presigned URLs carry their signature in the
// query. Input is untrusted (fuzz/fuzz_query_form.cpp).
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smp::emulator {

// Percent-decodes `text`. With `plus_is_space`, '+' means ' ' (form encoding). A '%' that is not
// followed by two hex digits is kept as is, like the lenient decoders of real servers.
std::string percent_decode(std::string_view text, bool plus_is_space);

// Ordered name/value pairs; repeated names are kept.
class QueryParams {
 public:
  using Pair = std::pair<std::string, std::string>;

  // "a=1&b=&c" → {a:1, b:"", c:""}; empty segments are skipped.
  static QueryParams parse(std::string_view encoded);

  std::optional<std::string_view> get(std::string_view name) const;
  bool contains(std::string_view name) const { return get(name).has_value(); }
  const std::vector<Pair>& pairs() const { return pairs_; }
  bool empty() const { return pairs_.empty(); }
  void add(std::string name, std::string value) {
    pairs_.emplace_back(std::move(name), std::move(value));
  }

 private:
  std::vector<Pair> pairs_;
};

}  // namespace smp::emulator
