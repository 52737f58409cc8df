#include "base/error.hpp"

namespace smp {

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_argument:
      return "invalid_argument";
    case ErrorKind::auth:
      return "auth";
    case ErrorKind::not_found:
      return "not_found";
    case ErrorKind::rejected:
      return "rejected";
    case ErrorKind::throttled:
      return "throttled";
    case ErrorKind::unavailable:
      return "unavailable";
    case ErrorKind::model:
      return "model";
    case ErrorKind::connection:
      return "connection";
    case ErrorKind::timeout:
      return "timeout";
    case ErrorKind::protocol:
      return "protocol";
    case ErrorKind::internal:
      return "internal";
  }
  return "internal";
}

const std::string* Error::detail(std::string_view key) const {
  for (const auto& [k, v] : details) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::string Error::describe() const {
  std::string out = message.empty() ? std::string(to_string(kind)) : message;
  std::string extra;
  if (!code.empty()) extra += "code: " + code;
  if (http_status != 0)
    extra += (extra.empty() ? "" : ", ") + std::string("HTTP ") + std::to_string(http_status);
  if (!request_id.empty())
    extra += (extra.empty() ? "" : ", ") + std::string("request id: ") + request_id;
  if (!extra.empty()) out += " (" + extra + ")";
  return out;
}

}  // namespace smp
