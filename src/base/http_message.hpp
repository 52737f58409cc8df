#pragma once
// Plain HTTP message values shared by the signer (aws), the client (http) and the emulator.
// No I/O here: these are what a request *is*, not how it travels.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smp {

bool iequals(std::string_view a, std::string_view b);

// Ordered header list; names compare case-insensitively, repeated names are kept in order.
class Headers {
 public:
  using Field = std::pair<std::string, std::string>;

  void add(std::string name, std::string value) {
    fields_.emplace_back(std::move(name), std::move(value));
  }
  // Replaces every field of that name by one.
  void set(std::string_view name, std::string value);
  void remove(std::string_view name);
  // The value of the first field of that name, for writing in place (its position and its
  // string's capacity are kept, so re-setting a header allocates nothing); any later fields of
  // that name are removed, and an empty field is added when there is none.
  std::string& value_slot(std::string_view name);
  std::optional<std::string_view> get(std::string_view name) const;
  bool contains(std::string_view name) const { return get(name).has_value(); }

  const std::vector<Field>& fields() const { return fields_; }
  auto begin() const { return fields_.begin(); }
  auto end() const { return fields_.end(); }
  size_t size() const { return fields_.size(); }
  bool empty() const { return fields_.empty(); }

 private:
  std::vector<Field> fields_;
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // absolute: scheme://host[:port]/path[?query]
  Headers headers;
  std::string body;
};

struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;
};

}  // namespace smp
