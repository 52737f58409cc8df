#pragma once
// The SageMaker control plane, as far as the provider needs it: DescribeEndpoint (JSON 1.1,
// X-Amz-Target SageMaker.DescribeEndpoint) with status, times as epoch-second numbers and the
// production variants.
#include <string>
#include <string_view>

#include "base/http_message.hpp"
#include "emulator/endpoint_catalog.hpp"
#include "emulator/principals.hpp"
#include "emulator/request_log.hpp"

namespace smp::emulator {

inline constexpr std::string_view kSageMakerTargetPrefix = "SageMaker.";

class ControlPlaneService {
 public:
  ControlPlaneService(const EndpointCatalog& catalog, std::string account)
      : catalog_(catalog), account_(std::move(account)) {}

  HttpResponse handle(const HttpRequest& request, std::string_view target, const Principal& caller,
                      std::string_view region, std::string_view request_id,
                      RequestLogEntry& log) const;

 private:
  HttpResponse describe_endpoint(const HttpRequest& request, const Principal& caller,
                                 std::string_view region, std::string_view request_id,
                                 RequestLogEntry& log) const;
  const EndpointCatalog& catalog_;
  std::string account_;  // the account the endpoints live in
};

}  // namespace smp::emulator
