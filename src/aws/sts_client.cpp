#include "aws/sts_client.hpp"

#include "aws/credential_redaction.hpp"
#include "aws/endpoints.hpp"
#include "aws/sigv4.hpp"

namespace smp::aws {
namespace {

constexpr std::string_view kDefaultRegion = "us-east-1";

// Connection problems and retryable STS answers; never a 4xx that retrying cannot fix.
bool worth_retrying(const Error& error) {
  return error.retryable || error.kind == ErrorKind::connection || error.kind == ErrorKind::timeout;
}

}  // namespace

StsClient::StsClient(CredentialsContext context, StsClientConfig config)
    : context_(std::move(context)),
      config_(std::move(config)),
      region_(config_.region.empty() ? std::string(kDefaultRegion) : config_.region) {
  // The endpoints layer applies the partition's DNS suffix, pseudo regions (aws-global, FIPS) and
  // the AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL overrides; an explicit URL wins over all.
  EndpointOptions options;
  options.endpoint_url = config_.endpoint_url;
  auto endpoint = resolve_endpoint(Service::sts, region_, options, context_.env());
  if (endpoint) {
    endpoint_url_ = endpoint->url;
    signing_region_ = endpoint->signing_region;
    partition_ = endpoint->partition;
  } else {
    endpoint_error_ = std::move(endpoint.error());
  }
}

HttpRequest StsClient::unsigned_request(std::string body) const {
  return sts_form_request(endpoint_url_, std::move(body));
}

HttpRequest StsClient::signed_request(std::string body, const Credentials& caller) const {
  HttpRequest request = unsigned_request(std::move(body));
  SigningParams params;
  params.region = signing_region_;
  params.service = "sts";
  params.time = context_.now();
  sign_request_fast(request, caller, params);
  return request;
}

std::optional<Error> StsClient::endpoint_failure(std::string_view action) const {
  if (!endpoint_error_) return std::nullopt;
  Error error = *endpoint_error_;
  error.message = "STS " + std::string(action) + ": " + error.message;
  return error;
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

  if (auto error = endpoint_failure("AssumeRole")) return fail(std::move(*error));
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
  if (auto error = endpoint_failure("AssumeRoleWithWebIdentity")) return fail(std::move(*error));
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
  if (auto error = endpoint_failure("GetCallerIdentity")) return fail(std::move(*error));
  auto response = send(signed_request(get_caller_identity_form(), caller), facts);
  if (!response) {
    redact_secrets(response.error(), {caller.secret_access_key, caller.session_token});
    return fail(std::move(response.error()));
  }
  return parse_caller_identity_response(response->body);
}

}  // namespace smp::aws
