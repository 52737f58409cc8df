#include "aws/sts_diagnosis.hpp"

#include "aws/aws_error.hpp"

namespace smp::aws {
namespace {

struct StsErrorBody {
  std::string code;
  std::string message;
  std::string request_id;
};

std::string with_sts_message(std::string message, const StsErrorBody& body) {
  if (!body.message.empty()) message += " (STS said: " + body.message + ")";
  return message;
}

std::string caller_label(const StsCallFacts& facts, std::string_view arn_from_message) {
  if (!arn_from_message.empty()) return std::string(arn_from_message);
  if (!facts.caller.empty()) return "the caller (" + facts.caller + ")";
  return "the caller";
}

}  // namespace

std::string caller_arn_from_message(std::string_view sts_message) {
  constexpr std::string_view kPrefix = "User: ";
  const size_t at = sts_message.find(kPrefix);
  if (at == std::string_view::npos) return {};
  std::string_view rest = sts_message.substr(at + kPrefix.size());
  const size_t end = rest.find(' ');
  rest = rest.substr(0, end);
  return rest.starts_with("arn:") ? std::string(rest) : std::string();
}

bool is_duration_too_long(const Error& error) {
  if (error.code != "ValidationError") return false;
  const std::string* sts_message = error.detail("StsMessage");
  return sts_message != nullptr && sts_message->find("DurationSeconds") != std::string::npos;
}

Error sts_error_from_response(const HttpResponse& response, const StsCallFacts& facts) {
  // The shared parser reads the Query-protocol XML (or makes a message of a non-XML body) and
  // gives the default classification; the known STS codes get a diagnosis on top.
  const Error parsed = parse_error_response(response, ErrorProtocol::query_xml);
  const StsErrorBody body{parsed.code, parsed.message, parsed.request_id};
  const std::string& code = body.code;
  const std::string role = facts.role_arn.empty() ? "the role" : facts.role_arn;
  const std::string what = "STS " + facts.action + (facts.role_arn.empty() ? "" : " of " + role);

  ErrorKind kind = ErrorKind::auth;
  bool retryable = false;
  std::string message;

  if (code == "AccessDenied" && facts.action == "AssumeRole") {
    const std::string caller = caller_label(facts, caller_arn_from_message(body.message));
    message = what + " was denied: the role's trust policy does not allow " + caller +
              " to assume " + role + ", or ExternalId is missing or wrong, or the caller lacks " +
              "sts:AssumeRole permission on the role. ";
    message += facts.external_id_sent
                   ? "An external id was sent: check that it matches the trust policy's "
                     "sts:ExternalId condition."
                   : "No external id was sent: if the trust policy has an sts:ExternalId "
                     "condition, set the external id.";
    message = with_sts_message(std::move(message), body);
  } else if (code == "AccessDenied") {
    message = with_sts_message(what + " was denied", body);
  } else if (code == "ExpiredToken") {
    message = with_sts_message(
        what + " failed because the session token of the source credentials" +
            (facts.caller.empty() ? "" : " (" + facts.caller + ")") +
            " has expired: refresh the source credentials (renew the session, run `aws sso "
            "login`, or export a new AWS_SESSION_TOKEN) and try again",
        body);
  } else if (code == "InvalidClientTokenId") {
    message = with_sts_message(
        what + " failed: the source access key id" +
            (facts.caller.empty() ? "" : " (" + facts.caller + ")") +
            " is not valid — it was deleted or deactivated, belongs to another partition, or "
            "its session token is missing; or STS in region " +
            facts.region + " does not accept it (opt-in regions need a regional endpoint)",
        body);
  } else if (code == "SignatureDoesNotMatch") {
    message = with_sts_message(
        what +
            " failed: the signature does not match — the secret access key does not belong "
            "to the access key id, or the system clock is wrong",
        body);
  } else if (code == "RegionDisabledException") {
    message = with_sts_message("STS is not activated in region " + facts.region +
                                   " for this account: activate it in the IAM console (Account "
                                   "settings) or use another region",
                               body);
  } else if (code == "ValidationError") {
    kind = ErrorKind::invalid_argument;
    if (body.message.find("DurationSeconds") != std::string::npos) {
      message = what + " rejected DurationSeconds=" +
                (facts.duration_seconds ? std::to_string(*facts.duration_seconds) : "default") +
                ": it exceeds the role's maximum session duration (MaxSessionDuration), or the "
                "one-hour limit for role chaining";
    } else if (body.message.find("roleSessionName") != std::string::npos) {
      message = what + " rejected the role session name: use 2 to 64 letters, digits and _+=,.@-";
    } else if (body.message.find("roleArn") != std::string::npos) {
      message = what + " rejected the role ARN: expected arn:aws:iam::123456789012:role/NAME";
    } else if (body.message.find("externalId") != std::string::npos) {
      message = what + " rejected the external id: use 2 to 1224 letters, digits and _+=,.@:/-";
    } else {
      message = what + " rejected the request";
    }
    message = with_sts_message(std::move(message), body);
  } else if (code == "InvalidIdentityToken") {
    message = with_sts_message(
        what + " rejected the web identity token" +
            (facts.web_identity_token_file.empty() ? std::string()
                                                   : " from " + facts.web_identity_token_file) +
            ": check that the role trusts this OIDC provider and that the token's issuer and "
            "audience match",
        body);
  } else if (code == "ExpiredTokenException") {
    message = with_sts_message(
        what + " failed: the web identity token" +
            (facts.web_identity_token_file.empty() ? std::string()
                                                   : " in " + facts.web_identity_token_file) +
            " has expired; the file is re-read on every call, so check that whatever writes it "
            "(the kubelet, your OIDC client) keeps it fresh",
        body);
  } else if (code == "IDPRejectedClaim") {
    message = with_sts_message(
        what +
            " was refused by the identity provider: the token's claims (subject, audience) "
            "do not match the role's trust policy conditions",
        body);
  } else if (code == "IDPCommunicationError") {
    kind = ErrorKind::unavailable;
    retryable = true;
    message = with_sts_message(what + " could not reach the identity provider", body);
  } else if (code == "Throttling" || code == "ThrottlingException" ||
             code == "RequestLimitExceeded") {
    kind = ErrorKind::throttled;
    retryable = true;
    message = with_sts_message(what + " was throttled", body);
  } else if (code == "MalformedPolicyDocument" || code == "PackedPolicyTooLarge") {
    kind = ErrorKind::invalid_argument;
    message = with_sts_message(what + " rejected the session policy or tags", body);
  } else {
    kind = parsed.kind;
    retryable = parsed.retryable;
    message = with_sts_message(what + " failed with HTTP " + std::to_string(response.status) +
                                   (response.status >= 500 ? " (a temporary STS problem)" : ""),
                               body);
  }

  Error error = Error::make(kind, code, std::move(message));
  error.http_status = response.status;
  error.request_id = body.request_id;
  error.retryable = retryable;
  if (!body.message.empty()) error.with_detail("StsMessage", body.message);
  if (!facts.role_arn.empty()) error.with_detail("RoleArn", facts.role_arn);
  if (!facts.endpoint.empty()) error.with_detail("StsEndpoint", facts.endpoint);
  return error;
}

}  // namespace smp::aws
