#pragma once
// A tiny HTTP proxy for tests: CONNECT tunnels (spliced byte for byte) and absolute-form
// requests (answered by the proxy itself with the target it was asked for). It records what
// clients asked so tests can check the request line and the Proxy-Authorization header.
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace smp::http::testing {

class TestProxy {
 public:
  struct Seen {
    std::string request_line;  // "CONNECT localhost:1234 HTTP/1.1"
    std::string proxy_authorization;
  };

  // `reject_with`: answer every request with this status (e.g. 407) instead of serving it.
  explicit TestProxy(int reject_with = 0);
  ~TestProxy();
  std::uint16_t port() const;
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }
  std::vector<Seen> seen() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace smp::http::testing
