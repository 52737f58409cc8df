#include "aws/sts_client.hpp"

#include "aws/credential_redaction.hpp"
#include "aws/sigv4.hpp"

namespace smp::aws {
namespace {

constexpr std::string_view kDefaultRegion = "us-east-1";

// The DNS suffix of a region's partition (partitions.json).
// TODO(endpoints): use aws/endpoints.hpp once the shared resolver lands.
std::string dns_suffix(std::string_view region) {
  if (region.starts_with("cn-")) return "amazonaws.com.cn";
  if (region.starts_with("us-isob-")) return "sc2s.sgov.gov";
  if (region.starts_with("us-isof-")) return "csp.hci.ic.gov";
  if (region.starts_with("us-iso-")) return "c2s.ic.gov";
  if (region.starts_with("eu-isoe-")) return "cloud.adc-e.uk";
  if (region.starts_with("eusc-")) return "amazonaws.eu";
  return "amazonaws.com";
}

std::string resolve_endpoint(const Environment& env, const StsClientConfig& config,
                             const std::string& region) {
  if (!config.endpoint_url.empty()) return config.endpoint_url;
  if (auto url = env.get("AWS_ENDPOINT_URL_STS")) return *url;
  if (auto url = env.get("AWS_ENDPOINT_URL")) return *url;
  return "https://sts." + region + "." + dns_suffix(region);
}

// Connection problems and retryable STS answers; never a 4xx that retrying cannot fix.
bool worth_retrying(const Error& error) {
  return error.retryable || error.kind == ErrorKind::connection || error.kind == ErrorKind::timeout;
}

}  // namespace

StsClient::StsClient(CredentialsContext context, StsClientConfig config)
    : context_(std::move(context)),
      config_(std::move(config)),
      region_(config_.region.empty() ? std::string(kDefaultRegion) : config_.region),
      endpoint_url_(resolve_endpoint(context_.env(), config_, region_)) {}

HttpRequest StsClient::unsigned_request(std::string body) const {
  return sts_form_request(endpoint_url_, std::move(body));
}

HttpRequest StsClient::signed_request(std::string body, const Credentials& caller) const {
  HttpRequest request = unsigned_request(std::move(body));
  SigningParams params;
  params.region = region_;
  params.service = "sts";
  params.time = context_.now();
  sign_request(request, caller, params);
  return request;
}

Result<HttpResponse> StsClient::send(const HttpRequest& request, const StsCallFacts& facts) const {
  if (!context_.transport) {
    return fail(ErrorKind::internal, "NoTransport",
                "STS " + facts.action + " needs an HTTP transport, but none was configured");
  }
  const int attempts = std::max(1, config_.max_attempts);
  Error last;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    if (attempt > 1) {
      // 100 ms, 200 ms, 400 ms …: STS throttling clears quickly; the caller's deadline is short.
      context_.pause(std::chrono::milliseconds(100) * (1 << std::min(attempt - 2, 6)));
    }
    auto response = context_.transport(request, config_.timeouts);
    if (!response) {
      last = std::move(response.error());
      last.message =
          "STS " + facts.action + " at " + endpoint_url_ + " could not be reached: " + last.message;
      if (!worth_retrying(last)) return fail(std::move(last));
      continue;
    }
    if (response->status == 200) return response;
    last = sts_error_from_response(*response, facts);
    if (!worth_retrying(last)) return fail(std::move(last));
  }
  if (attempts > 1) last.message += " (after " + std::to_string(attempts) + " attempts)";
  return fail(std::move(last));
}

Result<StsCredentialsResult> StsClient::assume_role(const Credentials& caller,
                                                    const AssumeRoleParams& params,
                                                    std::string_view caller_label) const {
  StsCallFacts facts;
  facts.action = "AssumeRole";
  facts.role_arn = params.role_arn;
  facts.external_id_sent = !params.external_id.empty();
  facts.duration_seconds = params.duration_seconds;
  facts.caller = caller_label.empty()
                     ? caller.redacted_key_id()
                     : std::string(caller_label) + " (" + caller.redacted_key_id() + ")";
  facts.region = region_;
  facts.endpoint = endpoint_url_;

  auto response = send(signed_request(assume_role_form(params), caller), facts);
  if (!response) {
    redact_secrets(response.error(), {caller.secret_access_key, caller.session_token});
    return fail(std::move(response.error()));
  }
  return parse_sts_credentials_response(response->body, "AssumeRole");
}

Result<StsCredentialsResult> StsClient::assume_role_with_web_identity(
    const WebIdentityParams& params, std::string_view token_file) const {
  StsCallFacts facts;
  facts.action = "AssumeRoleWithWebIdentity";
  facts.role_arn = params.role_arn;
  facts.duration_seconds = params.duration_seconds;
  facts.region = region_;
  facts.endpoint = endpoint_url_;
  facts.web_identity_token_file = std::string(token_file);

  // Unsigned (the model's noAuth): the token is the credential.
  auto response = send(unsigned_request(assume_role_with_web_identity_form(params)), facts);
  if (!response) {
    redact_secrets(response.error(), {params.web_identity_token});
    return fail(std::move(response.error()));
  }
  return parse_sts_credentials_response(response->body, "AssumeRoleWithWebIdentity");
}

Result<CallerIdentity> StsClient::get_caller_identity(const Credentials& caller) const {
  StsCallFacts facts;
  facts.action = "GetCallerIdentity";
  facts.caller = caller.redacted_key_id();
  facts.region = region_;
  facts.endpoint = endpoint_url_;
  auto response = send(signed_request(get_caller_identity_form(), caller), facts);
  if (!response) {
    redact_secrets(response.error(), {caller.secret_access_key, caller.session_token});
    return fail(std::move(response.error()));
  }
  return parse_caller_identity_response(response->body);
}

}  // namespace smp::aws
