#pragma once
// Shared pieces of the container tests: invoking a built-in by kind, parsing answers, and an
// in-memory object store standing in for the emulator's S3 (the containers only see the
// ObjectStore interface).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <mutex>
#include <string>

#include "emulator/containers/container.hpp"

namespace smp::emulator::testing {

class MemoryObjectStore final : public ObjectStore {
 public:
  Result<void> put_object(std::string_view bucket, std::string_view key, std::string body,
                          std::string_view content_type) override {
    std::lock_guard lock(mutex_);
    objects_[url_of(bucket, key)] = Object{std::move(body), std::string(content_type)};
    return {};
  }
  Result<std::string> get_object(std::string_view bucket, std::string_view key) override {
    return get_presigned(url_of(bucket, key) + "?X-Amz-Signature=test");
  }
  Result<std::string> presign_get(std::string_view bucket, std::string_view key,
                                  std::chrono::seconds expires_in) override {
    return url_of(bucket, key) + "?X-Amz-Expires=" + std::to_string(expires_in.count()) +
           "&X-Amz-Signature=test";
  }
  Result<std::string> get_presigned(std::string_view url) override {
    std::lock_guard lock(mutex_);
    const auto it = objects_.find(std::string(url.substr(0, url.find('?'))));
    if (it == objects_.end()) return fail(ErrorKind::not_found, "NoSuchKey", "no such key");
    return it->second.body;
  }
  std::string content_type_of(std::string_view url) {
    std::lock_guard lock(mutex_);
    return objects_.at(std::string(url.substr(0, url.find('?')))).content_type;
  }

 private:
  static std::string url_of(std::string_view bucket, std::string_view key) {
    return "http://127.0.0.1:4566/" + std::string(bucket) + "/" + std::string(key);
  }
  struct Object {
    std::string body;
    std::string content_type;
  };
  std::mutex mutex_;
  std::map<std::string, Object> objects_;
};

inline InvocationOutput invoke(std::string_view kind, std::string_view body,
                               const ContainerOptions& options = {}, ObjectStore* store = nullptr,
                               std::string custom_attributes = {}) {
  auto container = make_container(kind, options);
  EXPECT_TRUE(container.has_value()) << kind;
  InvocationInput input;
  input.body = std::string(body);
  input.content_type = "application/json";
  input.custom_attributes = std::move(custom_attributes);
  ContainerContext context;
  context.object_store = store;
  context.seed = 42;
  context.unix_time = 1767225600;
  context.endpoint_name = "test-endpoint";
  return (*container)->invoke(input, context);
}

inline boost::json::value parse(std::string_view text) {
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  EXPECT_FALSE(ec) << "not JSON: " << text;
  return value;
}

// The JSON payloads of an SSE stream ("data:" with or without a space); fails on any other line.
inline std::vector<std::string> sse_payloads(const std::string& stream, bool with_space) {
  std::vector<std::string> payloads;
  const std::string prefix = with_space ? "data: " : "data:";
  std::size_t at = 0;
  while (at < stream.size()) {
    const auto end = stream.find("\n\n", at);
    EXPECT_NE(end, std::string::npos) << "event without its blank line at " << at;
    if (end == std::string::npos) break;
    const std::string event = stream.substr(at, end - at);
    EXPECT_EQ(event.rfind(prefix, 0), 0u) << event;
    EXPECT_EQ(event.find('\n'), std::string::npos) << "one data line per event: " << event;
    payloads.push_back(event.substr(prefix.size()));
    at = end + 2;
  }
  return payloads;
}

}  // namespace smp::emulator::testing
