#include "emulator/request_log.hpp"

#include <boost/json.hpp>

#include "aws/credential_time.hpp"

namespace smp::emulator {

std::vector<std::pair<std::string, std::string>> redacted_headers(const Headers& headers) {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(headers.size());
  for (const auto& [name, value] : headers) {
    const bool secret = iequals(name, "authorization") || iequals(name, "x-amz-security-token") ||
                        iequals(name, "proxy-authorization") || iequals(name, "cookie");
    out.emplace_back(name, secret ? "<redacted>" : value);
  }
  return out;
}

void RequestLog::append(RequestLogEntry entry) {
  std::lock_guard lock(mutex_);
  if (capacity_ == 0) return;
  if (entries_.size() >= capacity_) entries_.pop_front();
  entries_.push_back(std::move(entry));
}

std::vector<RequestLogEntry> RequestLog::snapshot() const {
  std::lock_guard lock(mutex_);
  return {entries_.begin(), entries_.end()};
}

void RequestLog::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

std::string RequestLog::to_json() const {
  boost::json::array requests;
  for (const auto& e : snapshot()) {
    boost::json::object headers;
    for (const auto& [name, value] : e.headers) {
      // Repeated headers are joined as a proxy would (RFC 9110 §5.3).
      auto key = name;
      for (auto& c : key)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (auto* existing = headers.if_contains(key))
        *existing = std::string(existing->as_string()) + "," + value;
      else
        headers[key] = value;
    }
    boost::json::object o{{"request_id", e.request_id},
                          {"time", aws::format_iso8601_time(e.time)},
                          {"method", e.method},
                          {"path", e.path},
                          {"service", e.service},
                          {"operation", e.operation},
                          {"endpoint", e.endpoint},
                          {"region", e.region},
                          {"identity", e.identity},
                          {"status", e.status},
                          {"error_code", e.error_code},
                          {"fault", e.fault},
                          {"variant", e.variant},
                          {"inference_component", e.inference_component},
                          {"request_bytes", e.request_bytes},
                          {"response_bytes", e.response_bytes},
                          {"headers", std::move(headers)}};
    requests.push_back(std::move(o));
  }
  return boost::json::serialize(boost::json::object{{"requests", std::move(requests)}});
}

}  // namespace smp::emulator
