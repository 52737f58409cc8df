#pragma once
// What the emulator served, for tests to read (GET /_emulator/requests) and clear (DELETE). The
// headers are kept as received except for values that are secrets: Authorization, the session
// token and presigned signatures are replaced by "<redacted>".
//
// Threading: append/snapshot/clear are safe to call concurrently. Bounded: the oldest entries are
// dropped past `capacity`.
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

#include "base/clock.hpp"
#include "base/http_message.hpp"

namespace smp::emulator {

struct RequestLogEntry {
  std::string request_id;
  SystemTime time;
  std::string method;
  std::string path;       // without the query (presigned queries carry signatures)
  std::string service;    // "sagemaker-runtime", "sagemaker", "sts", "s3", "comprehend", "emulator"
  std::string operation;  // "InvokeEndpoint", "AssumeRole", ...
  std::string endpoint;   // SageMaker endpoint name, when there is one
  std::string region;
  std::string identity;  // caller ARN, or the access key id when it was not recognised
  int status = 0;
  std::string error_code;
  std::string fault;  // injected fault kind, when one fired
  std::string variant;
  std::string inference_component;
  std::size_t request_bytes = 0;
  std::size_t response_bytes = 0;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Headers with secret values replaced (shared with anything else that logs requests).
std::vector<std::pair<std::string, std::string>> redacted_headers(const Headers& headers);

class RequestLog {
 public:
  explicit RequestLog(std::size_t capacity) : capacity_(capacity) {}

  void append(RequestLogEntry entry);
  std::vector<RequestLogEntry> snapshot() const;
  void clear();
  // {"requests":[{…}, …]} oldest first.
  std::string to_json() const;

 private:
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::deque<RequestLogEntry> entries_;
};

}  // namespace smp::emulator
