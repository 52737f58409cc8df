#pragma once
// A request as a server handler sees it: parsed once, body complete, no I/O objects.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/http_message.hpp"

namespace smp::http {

struct ServerRequest {
  std::string method;  // as sent ("GET", "POST", ...)
  std::string target;  // the request target exactly as received (SigV4 verification needs it)
  std::string path;    // the path part of target, still percent-encoded
  std::string query;   // the query part of target without '?', still percent-encoded
  Headers headers;
  std::string body;
  unsigned http_version = 11;  // 10 or 11
  std::string remote_address;  // "ip:port" of the peer
  // Filled by the Router from "{name}" segments of the matched pattern, percent-decoded.
  std::vector<std::pair<std::string, std::string>> path_params;

  std::optional<std::string_view> path_param(std::string_view name) const;
  // The first value of a query parameter, percent-decoded ("+" stays "+").
  std::optional<std::string> query_param(std::string_view name) const;
};

}  // namespace smp::http
