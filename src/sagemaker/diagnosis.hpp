#pragma once
// Names what went wrong and how to fix it, for `check` and for validating a model's settings.
// The four failures users hit most (Access Denied, Invalid ARN, Region Mismatch, Endpoint Not
// Found) plus expired or invalid credentials and endpoints that are not InService.
#include <string>
#include <vector>

#include "base/error.hpp"

namespace smp::sagemaker {

struct DiagnosisFacts {
  std::string endpoint;
  std::string region;
  std::string role_arn;
  bool external_id_sent = false;
  std::vector<std::string> found_in_regions;  // from a region scan, when one ran
};

struct Diagnosis {
  std::string title;        // "Access Denied", "Invalid ARN", ...
  std::string explanation;  // what the error means here
  std::string fix;          // what to change
};

Diagnosis diagnose(const Error& error, const DiagnosisFacts& facts);

// The diagnosis of an endpoint that exists but does not take requests (Creating, Failed, ...).
Diagnosis diagnose_endpoint_status(const std::string& endpoint, const std::string& status,
                                   const std::string& failure_reason);

}  // namespace smp::sagemaker
