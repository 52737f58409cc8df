#pragma once
// Comprehend DetectDominantLanguage (JSON 1.1, X-Amz-Target
// Comprehend_20171127.DetectDominantLanguage) backed by the script-based language_detector.
#include <string_view>

#include "base/http_message.hpp"
#include "emulator/principals.hpp"
#include "emulator/request_log.hpp"

namespace smp::emulator {

inline constexpr std::string_view kComprehendTargetPrefix = "Comprehend_20171127.";

class ComprehendService {
 public:
  HttpResponse handle(const HttpRequest& request, std::string_view target, const Principal& caller,
                      std::string_view request_id, RequestLogEntry& log) const;
};

}  // namespace smp::emulator
