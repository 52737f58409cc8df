#pragma once
// One error type for the data path. Front doors map ErrorKind to their own vocabulary
// (CLI exit codes, Dify error types, OpenAI error envelopes) at exactly one place each.
#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace smp {

enum class ErrorKind {
  invalid_argument,  // our caller gave us bad input (flags, config, request body)
  auth,              // credentials missing/invalid/expired, signature rejected, access denied
  not_found,         // endpoint (or other named resource) does not exist
  rejected,          // the service refused the request as invalid (ValidationError, 413)
  throttled,         // rate limited; retry later
  unavailable,       // service or model temporarily unavailable (5xx, ModelNotReady)
  model,             // the model container answered with an error (ModelError, ModelStreamError)
  connection,        // could not connect, connection reset, TLS failure
  timeout,           // connect or idle-read deadline passed
  protocol,          // the peer sent bytes we cannot parse (bad event stream, bad XML)
  internal,          // a bug or an unexpected state on our side
};

std::string_view to_string(ErrorKind kind);

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string code;        // service error code ("ValidationError") or our own ("EventStreamCrc")
  std::string message;     // one clear sentence for a human
  std::string request_id;  // x-amzn-RequestId when the service gave one
  int http_status = 0;     // 0 when no HTTP response was involved
  bool retryable = false;
  // Extra facts worth showing (OriginalStatusCode, LogStreamArn, ...), in insertion order.
  std::vector<std::pair<std::string, std::string>> details;

  static Error make(ErrorKind kind, std::string code, std::string message) {
    Error e;
    e.kind = kind;
    e.code = std::move(code);
    e.message = std::move(message);
    return e;
  }
  Error& with_detail(std::string key, std::string value) {
    details.emplace_back(std::move(key), std::move(value));
    return *this;
  }
  const std::string* detail(std::string_view key) const;
  // "Message (code: X, request id: Y)" for logs and CLI output.
  std::string describe() const;
};

template <class T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ErrorKind kind, std::string code, std::string message) {
  return std::unexpected(Error::make(kind, std::move(code), std::move(message)));
}
inline std::unexpected<Error> fail(Error e) {
  return std::unexpected(std::move(e));
}

}  // namespace smp
