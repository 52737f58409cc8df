#include "aws/providers/imds_provider.hpp"

#include <spdlog/spdlog.h>

#include <random>

#include "aws/credential_time.hpp"
#include "aws/providers/credentials_json.hpp"

namespace smp::aws {
namespace {

constexpr std::string_view kTokenPath = "/latest/api/token";
constexpr std::string_view kCredentialsPath = "/latest/meta-data/iam/security-credentials/";
constexpr std::string_view kTokenTtlHeader = "x-aws-ec2-metadata-token-ttl-seconds";
constexpr std::string_view kTokenHeader = "x-aws-ec2-metadata-token";
constexpr std::chrono::minutes kStaticStabilityWindow{15};

bool is_true(const std::optional<std::string>& value) {
  if (!value) return false;
  std::string lower = *value;
  for (auto& c : lower)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "true";
}

std::string without_trailing_slash(std::string url) {
  while (!url.empty() && url.back() == '/')
    url.pop_back();
  return url;
}

bool unreachable(const Error& error) {
  return error.kind == ErrorKind::connection || error.kind == ErrorKind::timeout;
}

}  // namespace

ImdsConfig imds_config_from_environment(const Environment& env) {
  ImdsConfig config;
  config.disabled = is_true(env.get("AWS_EC2_METADATA_DISABLED"));
  config.v1_fallback = !is_true(env.get("AWS_EC2_METADATA_V1_DISABLED"));
  if (auto endpoint = env.get("AWS_EC2_METADATA_SERVICE_ENDPOINT")) {
    config.endpoint = *endpoint;
  } else if (auto mode = env.get("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
             mode && (*mode == "IPv6" || *mode == "ipv6")) {
    config.endpoint = "http://[fd00:ec2::254]";
  }
  config.endpoint = without_trailing_slash(config.endpoint);
  if (auto timeout = env.get("AWS_METADATA_SERVICE_TIMEOUT")) {
    try {
      const double seconds = std::stod(*timeout);
      if (seconds > 0 && seconds < 3600) {
        config.timeout = std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
      }
    } catch (const std::exception&) {
      // keep the default: a typo must not make the chain hang
    }
  }
  if (auto attempts = env.get("AWS_METADATA_SERVICE_NUM_ATTEMPTS")) {
    try {
      config.attempts = std::clamp(std::stoi(*attempts), 1, 10);
    } catch (const std::exception&) {
    }
  }
  return config;
}

ImdsProvider::ImdsProvider(ImdsConfig config, CredentialsContext context)
    : config_(std::move(config)), context_(std::move(context)) {}

Result<std::optional<std::string>> ImdsProvider::fetch_token() const {
  HttpRequest request;
  request.method = "PUT";
  request.url = config_.endpoint + std::string(kTokenPath);
  request.headers.add(std::string(kTokenTtlHeader), "21600");
  auto response = context_.transport(request, TransportOptions{config_.timeout, config_.timeout});
  if (!response) {
    if (unreachable(response.error())) {
      return fail(credentials_not_configured(name(), "no instance metadata service answered at " +
                                                         config_.endpoint +
                                                         " (not running on EC2?)"));
    }
    return fail(std::move(response.error()));
  }
  if (response->status == 200 && !response->body.empty()) {
    return std::optional<std::string>(response->body);
  }
  if (response->status == 403 || response->status == 404 || response->status == 405) {
    if (config_.v1_fallback) return std::optional<std::string>{};
    return fail(ErrorKind::auth, "ImdsTokenUnavailable",
                name() + ": the IMDSv2 token request answered HTTP " +
                    std::to_string(response->status) +
                    " and IMDSv1 is disabled (AWS_EC2_METADATA_V1_DISABLED)");
  }
  return fail(
      ErrorKind::auth, "ImdsTokenRejected",
      name() + ": the IMDSv2 token request answered HTTP " + std::to_string(response->status));
}

Result<std::string> ImdsProvider::get_path(const std::string& path,
                                           std::optional<std::string>& token,
                                           bool& token_refreshed) const {
  Error last;
  for (int attempt = 1; attempt <= std::max(1, config_.attempts); ++attempt) {
    HttpRequest request;
    request.method = "GET";
    request.url = config_.endpoint + path;
    if (token) request.headers.add(std::string(kTokenHeader), *token);
    auto response = context_.transport(request, TransportOptions{config_.timeout, config_.timeout});
    if (!response) {
      last = std::move(response.error());
      last.message = name() + ": GET " + path + " failed: " + last.message;
      continue;
    }
    if (response->status == 401 && token && !token_refreshed) {
      // The token expired between calls: fetch a new one once (aws-c-auth does the same).
      token_refreshed = true;
      auto fresh = fetch_token();
      if (!fresh) return fail(std::move(fresh.error()));
      token = std::move(*fresh);
      --attempt;
      continue;
    }
    if (response->status == 404 && path == kCredentialsPath) {
      return fail(credentials_not_configured(name(), "this instance has no IAM role attached"));
    }
    if (response->status == 200 && !response->body.empty()) return std::move(response->body);
    last = Error::make(ErrorKind::unavailable, "ImdsHttp" + std::to_string(response->status),
                       name() + ": GET " + path + " answered HTTP " +
                           std::to_string(response->status) +
                           (response->body.empty() ? " with an empty body" : ""));
    last.http_status = response->status;
  }
  return fail(std::move(last));
}

Result<std::shared_ptr<const Credentials>> ImdsProvider::get() {
  if (config_.disabled) {
    return fail(credentials_not_configured(name(), "disabled by AWS_EC2_METADATA_DISABLED=true"));
  }
  if (!context_.transport) {
    return fail(ErrorKind::internal, "NoTransport",
                "EC2 instance metadata needs an HTTP transport, but none was configured");
  }
  auto token = fetch_token();
  if (!token) return fail(std::move(token.error()));
  bool token_refreshed = false;

  auto roles = get_path(std::string(kCredentialsPath), *token, token_refreshed);
  if (!roles) return fail(std::move(roles.error()));
  std::string role = roles->substr(0, roles->find('\n'));
  while (!role.empty() && (role.back() == '\r' || role.back() == ' '))
    role.pop_back();
  if (role.empty() || role.find('/') != std::string::npos) {
    return fail(ErrorKind::protocol, "ImdsRoleInvalid", name() + " returned an unusable role name");
  }

  auto document = get_path(std::string(kCredentialsPath) + role, *token, token_refreshed);
  if (!document) return fail(std::move(document.error()));
  auto credentials = parse_credentials_json(*document, CredentialsJsonFormat::imds, name());
  if (!credentials) return fail(std::move(credentials.error()));
  credentials->source = name() + " (role " + role + ")";

  const SystemTime now = context_.now();
  if (credentials->expiration && *credentials->expiration - now < kStaticStabilityWindow) {
    // Static stability (botocore _evaluate_expiration): IMDS serves the previous credentials
    // during an outage; keep using them for a while instead of failing or refetching per call.
    static thread_local std::minstd_rand jitter{std::random_device{}()};
    const auto extension =
        kStaticStabilityWindow + std::chrono::seconds(120 + static_cast<int>(jitter() % 481));
    spdlog::warn(
        "credentials: EC2 instance metadata returned credentials expiring at {}; "
        "extending their use until {} while the service recovers",
        format_iso8601_time(*credentials->expiration), format_iso8601_time(now + extension));
    credentials->expiration = now + extension;
  }
  return std::make_shared<const Credentials>(std::move(*credentials));
}

}  // namespace smp::aws
