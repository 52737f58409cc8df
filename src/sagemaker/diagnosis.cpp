#include "sagemaker/diagnosis.hpp"

#include <fmt/format.h>

namespace smp::sagemaker {

namespace {

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

bool any_code(const Error& e, std::initializer_list<std::string_view> codes) {
  for (auto code : codes) {
    if (e.code == code) return true;
  }
  return false;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items)
    out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

Diagnosis diagnose(const Error& e, const DiagnosisFacts& f) {
  if (any_code(e, {"InvalidRoleArn"}) ||
      (e.code == "ValidationError" && contains(e.message, "roleArn"))) {
    return {"Invalid ARN", e.message,
            "Use the role's full ARN as IAM shows it: arn:aws:iam::<12-digit account>:role/<name> "
            "(arn:aws-cn:… in China, arn:aws-us-gov:… in GovCloud)."};
  }
  if (!f.found_in_regions.empty()) {
    return {"Region Mismatch",
            fmt::format("Endpoint {} does not exist in {}, but it does in {}.", f.endpoint,
                        f.region, joined(f.found_in_regions)),
            fmt::format("Set the region to {} (--region, AWS_REGION or the model's AWS Region).",
                        f.found_in_regions.front())};
  }
  if (e.kind == ErrorKind::auth && (contains(e.message, "should be scoped to a valid region") ||
                                    contains(e.message, "Credential should be scoped"))) {
    return {"Region Mismatch", e.message,
            "The request was signed for a region other than the endpoint's host: make the region "
            "and the endpoint URL agree."};
  }
  if (e.kind == ErrorKind::not_found) {
    return {"Endpoint Not Found",
            fmt::format("No endpoint named {} in {} for these credentials' account.", f.endpoint,
                        f.region),
            "Check the name (it is case-sensitive) and the region; check --scan-regions looks for "
            "it in the partition's other regions. With an assumed role, the endpoint must be in "
            "the role's account."};
  }
  if (any_code(e, {"ExpiredToken", "ExpiredTokenException", "RequestExpired"}) ||
      contains(e.message, "security token included in the request is expired")) {
    return {"Expired credentials", e.message,
            "Refresh the temporary credentials (new session token), or use long-term keys or a "
            "role the provider can assume and refresh by itself."};
  }
  if (e.code == "AccessDenied" && !f.role_arn.empty()) {
    return {"Access Denied", e.message,
            f.external_id_sent
                ? "Check the role's trust policy: it must trust the caller named above, and its "
                  "sts:ExternalId condition must equal the External ID you gave."
                : "Check the role's trust policy: it must trust the caller named above; if it "
                  "has an sts:ExternalId condition, give that External ID. The caller also needs "
                  "sts:AssumeRole on the role."};
  }
  if (any_code(e, {"AccessDeniedException", "AccessDenied"}) ||
      contains(e.message, "is not authorized to perform")) {
    return {"Access Denied", e.message,
            fmt::format("Allow sagemaker:InvokeEndpoint (and sagemaker:DescribeEndpoint for "
                        "checks) on arn:aws:sagemaker:{}:<account>:endpoint/{} for this identity. "
                        "Endpoint ARNs are lower-case in policies.",
                        f.region, f.endpoint)};
  }
  if (any_code(e, {"UnrecognizedClientException", "InvalidClientTokenId"})) {
    return {"Invalid credentials", e.message,
            "The access key id is unknown to AWS (or a temporary key lacks its session token): "
            "check the key, and give the session token with temporary (ASIA…) keys."};
  }
  if (any_code(e, {"InvalidSignatureException", "SignatureDoesNotMatch"})) {
    return {"Invalid credentials", e.message,
            "AWS rejected the signature: the secret access key does not belong to the access key "
            "id, or the clock is far off."};
  }
  if (e.kind == ErrorKind::auth) {
    return {"Credentials problem", e.message,
            "Give an access key and secret, a profile, or run where the default credential chain "
            "finds credentials (environment, ~/.aws, container or instance role)."};
  }
  if (e.kind == ErrorKind::connection || e.kind == ErrorKind::timeout) {
    return {"Cannot reach AWS", e.message,
            "Check the network path to the regional endpoint (proxy settings HTTPS_PROXY and "
            "NO_PROXY, VPC endpoints, firewalls) and the endpoint URL override if one is set."};
  }
  if (e.kind == ErrorKind::model) {
    return {"The model container failed", e.message,
            "The endpoint is reachable and the request was authorised; look at the container's "
            "logs (the log stream above) and at the request body format it expects."};
  }
  if (e.kind == ErrorKind::throttled || e.kind == ErrorKind::unavailable) {
    return {"Endpoint busy or unavailable", e.message,
            "Try again later, or scale the endpoint (more instances or a higher concurrency)."};
  }
  if (e.kind == ErrorKind::invalid_argument || e.kind == ErrorKind::rejected) {
    return {"Invalid request", e.message, "Correct the setting named in the message."};
  }
  return {"Unexpected error", e.message, "Run again with --verbose and look at the trace."};
}

Diagnosis diagnose_endpoint_status(const std::string& endpoint, const std::string& status,
                                   const std::string& failure_reason) {
  std::string explanation = fmt::format("Endpoint {} is {}, not InService", endpoint, status);
  if (!failure_reason.empty()) explanation += fmt::format(": {}", failure_reason);
  std::string fix;
  if (status == "Creating" || status == "Updating" || status == "SystemUpdating") {
    fix = "Wait until the endpoint is InService (usually minutes), then try again.";
  } else if (status == "Failed") {
    fix =
        "Look at the failure reason and the endpoint's CloudWatch logs, fix the model or its "
        "configuration, and update or re-create the endpoint.";
  } else {
    fix = "Bring the endpoint back to InService in the SageMaker console or API.";
  }
  return {"Endpoint not InService", explanation + ".", fix};
}

}  // namespace smp::sagemaker
