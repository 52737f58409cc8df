#pragma once
// The steps of `check` (and of validating a model's settings when they are saved): credentials
// found, identity, role assumed, endpoint described, optional test invocation; on failure the
// diagnosis with its fix.
#include <optional>
#include <string>
#include <vector>

#include "http/task.hpp"
#include "sagemaker/connection.hpp"
#include "sagemaker/diagnosis.hpp"
#include "sagemaker/invoke_request.hpp"

namespace smp::sagemaker {

enum class StepStatus { ok, warning, failed, skipped };

struct CheckStep {
  std::string name;  // "region", "credentials", "identity", "role", "endpoint", "invocation"
  StepStatus status = StepStatus::ok;
  std::string detail;
};

struct CheckReport {
  std::vector<CheckStep> steps;
  std::optional<Error> error;  // the failure, when a step failed
  std::optional<Diagnosis> diagnosis;
  bool ok() const { return !error.has_value(); }
};

struct CheckOptions {
  std::string endpoint;
  // A real invocation with this request's body, content type and headers, after the describe.
  std::optional<InvokeRequest> test_invocation;
  // On Endpoint Not Found, describe the endpoint in the partition's other regions.
  bool scan_regions = false;
};

// Runs the steps in order and stops at the first failure. Blocking credential calls run inline
// (the CLI owns its thread; validation runs on a worker).
http::Task<CheckReport> check_endpoint(http::Client& http, Connection& connection,
                                       CheckOptions options);

}  // namespace smp::sagemaker
