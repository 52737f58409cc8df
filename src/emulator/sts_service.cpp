#include "emulator/sts_service.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>

#include "aws/credential_time.hpp"
#include "aws/crypto.hpp"
#include "base/base64.hpp"
#include "emulator/service_error.hpp"
#include "emulator/xml_text.hpp"

namespace smp::emulator {
namespace {

HttpResponse sts_fail(std::string_view request_id, int status, std::string code,
                      std::string message, bool sender = true) {
  ServiceError e;
  e.status = status;
  e.code = std::move(code);
  e.message = std::move(message);
  e.sender_fault = sender;
  return render_error(Protocol::query_xml, e, request_id);
}

HttpResponse sts_ok(std::string_view action, const std::string& result,
                    std::string_view request_id) {
  std::string body = "<" + std::string(action) + "Response xmlns=\"" + std::string(kStsNamespace) +
                     "\">\n  <" + std::string(action) + "Result>\n" + result + "  </" +
                     std::string(action) + "Result>\n  <ResponseMetadata>\n    <RequestId>" +
                     std::string(request_id) + "</RequestId>\n  </ResponseMetadata>\n</" +
                     std::string(action) + "Response>\n";
  HttpResponse response;
  response.status = 200;
  response.headers.add("x-amzn-RequestId", std::string(request_id));
  response.headers.add("Content-Type", "text/xml");
  response.body = std::move(body);
  return response;
}

std::string element(std::string_view name, std::string_view value, int indent) {
  return std::string(indent, ' ') + "<" + std::string(name) + ">" + xml_escape(value) + "</" +
         std::string(name) + ">\n";
}

std::string credentials_xml(const IssuedCredentials& issued) {
  return "    <AssumedRoleUser>\n" + element("AssumedRoleId", issued.principal->user_id, 6) +
         element("Arn", issued.principal->arn, 6) + "    </AssumedRoleUser>\n" +
         "    <Credentials>\n" + element("AccessKeyId", issued.access_key_id, 6) +
         element("SecretAccessKey", issued.secret_access_key, 6) +
         element("SessionToken", issued.session_token, 6) +
         element("Expiration", aws::format_iso8601_time(issued.expiration), 6) +
         "    </Credentials>\n";
}

// "1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: …"
class Validation {
 public:
  void check_required(std::string_view member, const std::optional<std::string_view>& value) {
    if (!value) add("null", member, "Member must not be null");
  }
  void check_length(std::string_view member, const std::optional<std::string_view>& value,
                    std::size_t min, std::size_t max) {
    if (!value) return;
    if (value->size() < min)
      add(quoted(*value), member,
          "Member must have length greater than or equal to " + std::to_string(min));
    else if (value->size() > max)
      add(quoted(*value), member,
          "Member must have length less than or equal to " + std::to_string(max));
  }
  // Characters of \w plus `extra` (the STS name patterns).
  void check_pattern(std::string_view member, const std::optional<std::string_view>& value,
                     std::string_view extra, std::string_view pattern_text) {
    if (!value) return;
    const bool ok = std::all_of(value->begin(), value->end(), [&](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
             extra.find(c) != std::string_view::npos;
    });
    if (!ok)
      add(quoted(*value), member,
          "Member must satisfy regular expression pattern: " + std::string(pattern_text));
  }
  std::optional<long long> check_duration(const std::optional<std::string_view>& value) {
    if (!value) return std::nullopt;
    long long seconds = 0;
    const auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), seconds);
    if (ec != std::errc() || end != value->data() + value->size()) {
      add(quoted(*value), "durationSeconds", "Member must be a number");
      return std::nullopt;
    }
    if (seconds < 900)
      add(quoted(*value), "durationSeconds", "Member must have value greater than or equal to 900");
    else if (seconds > 43200)
      add(quoted(*value), "durationSeconds", "Member must have value less than or equal to 43200");
    return seconds;
  }
  bool ok() const { return errors_.empty(); }
  std::string message() const {
    std::string m =
        std::to_string(errors_.size()) +
        (errors_.size() == 1 ? " validation error detected: " : " validation errors detected: ");
    for (std::size_t i = 0; i < errors_.size(); ++i)
      m += (i ? "; " : "") + errors_[i];
    return m;
  }

 private:
  static std::string quoted(std::string_view v) { return "'" + std::string(v) + "'"; }
  void add(const std::string& value, std::string_view member, const std::string& constraint) {
    errors_.push_back("Value " + value + " at '" + std::string(member) +
                      "' failed to satisfy constraint: " + constraint);
  }
  std::vector<std::string> errors_;
};

bool trusted(const RoleConfig& role, const Principal& caller) {
  const std::string root = "arn:aws:iam::" + caller.account + ":root";
  for (const auto& entry : role.trust) {
    if (glob_match(entry, caller.access_key_id) || glob_match(entry, caller.arn) ||
        glob_match(entry, caller.account) || glob_match(entry, root))
      return true;
    if (!caller.role_arn.empty() && glob_match(entry, caller.role_arn)) return true;
  }
  return false;
}

std::optional<boost::json::object> decode_jwt_part(std::string_view part) {
  std::string b64(part);
  for (auto& c : b64) {
    if (c == '-')
      c = '+';
    else if (c == '_')
      c = '/';
  }
  while (b64.size() % 4)
    b64.push_back('=');
  const auto bytes = base64_decode(b64);
  if (!bytes) return std::nullopt;
  boost::system::error_code ec;
  auto value = boost::json::parse(*bytes, ec);
  if (ec || !value.is_object()) return std::nullopt;
  return value.as_object();
}

std::string claim(const boost::json::object& claims, std::string_view name) {
  const auto* v = claims.if_contains(name);
  if (!v) return {};
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_array() && !v->as_array().empty() && v->as_array()[0].is_string())
    return std::string(v->as_array()[0].as_string());
  return {};
}

}  // namespace

StsService::StsService(const EmulatorConfig& config, CredentialStore& store, const Clock& clock)
    : config_(config), store_(store), clock_(clock) {}

HttpResponse StsService::handle(const QueryParams& params, const Principal* caller,
                                std::string_view request_id, RequestLogEntry& log) const {
  const auto action = params.get("Action");
  log.operation = action ? std::string(*action) : std::string{};
  if (!action) return sts_fail(request_id, 400, "MissingAction", "Missing Action");
  if (const auto version = params.get("Version"); version && *version != "2011-06-15")
    return sts_fail(request_id, 400, "InvalidAction",
                    "Could not find operation " + std::string(*action) + " for version " +
                        std::string(*version));
  if (*action == "AssumeRoleWithWebIdentity")
    return assume_role_with_web_identity(params, request_id);
  if (caller == nullptr)  // the router should have stopped this; be safe anyway
    return sts_fail(request_id, 403, "MissingAuthenticationToken",
                    "Request is missing Authentication Token");
  if (*action == "AssumeRole") return assume_role(params, *caller, request_id);
  if (*action == "GetCallerIdentity") return get_caller_identity(*caller, request_id);
  return sts_fail(request_id, 400, "InvalidAction",
                  "Could not find operation " + std::string(*action) + " for version 2011-06-15");
}

const RoleConfig* StsService::find_role(std::string_view arn) const {
  for (const auto& role : config_.roles)
    if (role.arn == arn) return &role;
  return nullptr;
}

std::chrono::seconds StsService::lifetime(const RoleConfig& role,
                                          std::chrono::seconds requested) const {
  const auto base = role.session_duration.value_or(requested);
  const double scaled = std::ceil(static_cast<double>(base.count()) * config_.sts_duration_scale);
  return std::chrono::seconds(std::max<long long>(1, static_cast<long long>(scaled)));
}

HttpResponse StsService::assume_role(const QueryParams& params, const Principal& caller,
                                     std::string_view request_id) const {
  const auto role_arn = params.get("RoleArn");
  const auto session_name = params.get("RoleSessionName");
  const auto external_id = params.get("ExternalId");
  Validation v;
  v.check_required("roleArn", role_arn);
  v.check_length("roleArn", role_arn, 20, 2048);
  v.check_required("roleSessionName", session_name);
  v.check_length("roleSessionName", session_name, 2, 64);
  v.check_pattern("roleSessionName", session_name, "+=,.@-", "[\\w+=,.@-]*");
  v.check_length("externalId", external_id, 2, 1224);
  v.check_pattern("externalId", external_id, "+=,.@:/-", "[\\w+=,.@:\\/-]*");
  const auto duration = v.check_duration(params.get("DurationSeconds"));
  if (!v.ok()) return sts_fail(request_id, 400, "ValidationError", v.message());

  // One message for every refusal, as AWS words it: it does not tell a missing role from a
  // trust policy that does not match or a wrong ExternalId.
  const std::string denied =
      "User: " + caller.arn +
      " is not authorized to perform: sts:AssumeRole on resource: " + std::string(*role_arn);
  const RoleConfig* role = find_role(*role_arn);
  const ResourceRef resource{std::string(*role_arn), role ? role->name() : std::string{}};
  if (!caller.policy->allows("sts:AssumeRole", resource) || role == nullptr ||
      !trusted(*role, caller))
    return sts_fail(request_id, 403, "AccessDenied", denied);
  if (role->external_id && (!external_id || *external_id != *role->external_id))
    return sts_fail(request_id, 403, "AccessDenied", denied);

  const std::chrono::seconds requested(duration.value_or(3600));
  if (caller.type == Principal::Type::assumed_role && requested > std::chrono::hours(1))
    return sts_fail(request_id, 400, "ValidationError",
                    "The requested DurationSeconds exceeds the 1 hour session limit for roles "
                    "assumed by role chaining.");
  if (requested > role->max_session_duration)
    return sts_fail(request_id, 400, "ValidationError",
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this "
                    "role.");

  const auto issued = store_.issue_session(*role, std::make_shared<const Policy>(role->policy),
                                           *session_name, lifetime(*role, requested));
  std::string result;
  if (const auto source = params.get("SourceIdentity"))
    result += element("SourceIdentity", *source, 4);
  result += credentials_xml(issued);
  return sts_ok("AssumeRole", result, request_id);
}

HttpResponse StsService::assume_role_with_web_identity(const QueryParams& params,
                                                       std::string_view request_id) const {
  const auto role_arn = params.get("RoleArn");
  const auto session_name = params.get("RoleSessionName");
  const auto token = params.get("WebIdentityToken");
  Validation v;
  v.check_required("roleArn", role_arn);
  v.check_length("roleArn", role_arn, 20, 2048);
  v.check_required("roleSessionName", session_name);
  v.check_length("roleSessionName", session_name, 2, 64);
  v.check_pattern("roleSessionName", session_name, "+=,.@-", "[\\w+=,.@-]*");
  v.check_required("webIdentityToken", token);
  v.check_length("webIdentityToken", token, 4, 20000);
  const auto duration = v.check_duration(params.get("DurationSeconds"));
  if (!v.ok()) return sts_fail(request_id, 400, "ValidationError", v.message());

  const RoleConfig* role = find_role(*role_arn);
  if (role == nullptr || !role->web_identity.enabled())
    return sts_fail(request_id, 403, "AccessDenied",
                    "Not authorized to perform sts:AssumeRoleWithWebIdentity");

  std::string subject, issuer, audience;
  const bool configured =
      std::find(role->web_identity.tokens.begin(), role->web_identity.tokens.end(), *token) !=
      role->web_identity.tokens.end();
  std::optional<boost::json::object> claims;
  if (const auto first = token->find('.'), last = token->rfind('.');
      first != std::string_view::npos && last != first) {
    if (decode_jwt_part(token->substr(0, first)))
      claims = decode_jwt_part(token->substr(first + 1, last - first - 1));
  }
  if (claims) {
    subject = claim(*claims, "sub");
    issuer = claim(*claims, "iss");
    audience = claim(*claims, "aud");
  }
  if (!configured) {
    if (role->web_identity.providers.empty())
      return sts_fail(request_id, 403, "AccessDenied",
                      "Not authorized to perform sts:AssumeRoleWithWebIdentity");
    if (!claims)
      return sts_fail(request_id, 400, "InvalidIdentityToken",
                      "The ID Token provided is not a valid JWT. (You may see this error if you "
                      "sent an Access Token)");
    std::string_view bare_issuer = issuer;
    if (bare_issuer.starts_with("https://")) bare_issuer.remove_prefix(8);
    bool provider_ok = false;
    for (const auto& provider : role->web_identity.providers)
      if (glob_match(provider, issuer) || glob_match(provider, bare_issuer)) provider_ok = true;
    if (!provider_ok)
      return sts_fail(request_id, 400, "InvalidIdentityToken",
                      "No OpenIDConnect provider found in your account for " + issuer);
    if (const auto* exp = claims->if_contains("exp"); exp && exp->is_number()) {
      const auto expires = SystemTime(std::chrono::seconds(exp->to_number<long long>()));
      if (expires <= clock_.now())
        return sts_fail(
            request_id, 400, "ExpiredTokenException",
            "Token expired: current date/time " + aws::format_iso8601_time(clock_.now()) +
                " must be before the expiration date/time " + aws::format_iso8601_time(expires));
    }
  }

  const std::chrono::seconds requested(duration.value_or(3600));
  if (requested > role->max_session_duration)
    return sts_fail(request_id, 400, "ValidationError",
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this "
                    "role.");
  const auto issued = store_.issue_session(*role, std::make_shared<const Policy>(role->policy),
                                           *session_name, lifetime(*role, requested));
  std::string result;
  result += element("SubjectFromWebIdentityToken", subject.empty() ? *session_name : subject, 4);
  if (!audience.empty()) result += element("Audience", audience, 4);
  result += credentials_xml(issued);
  if (!issuer.empty()) {
    std::string_view provider = issuer;
    if (provider.starts_with("https://")) provider.remove_prefix(8);
    result += element("Provider", provider, 4);
  }
  return sts_ok("AssumeRoleWithWebIdentity", result, request_id);
}

HttpResponse StsService::get_caller_identity(const Principal& caller,
                                             std::string_view request_id) const {
  const std::string result = element("Arn", caller.arn, 4) + element("UserId", caller.user_id, 4) +
                             element("Account", caller.account, 4);
  return sts_ok("GetCallerIdentity", result, request_id);
}

}  // namespace smp::emulator
