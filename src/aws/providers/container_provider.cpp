#include "aws/providers/container_provider.hpp"

#include <arpa/inet.h>

#include <cstring>

#include "aws/credential_file_io.hpp"
#include "aws/credential_redaction.hpp"
#include "aws/providers/credentials_json.hpp"

namespace smp::aws {
namespace {

constexpr std::string_view kEcsAgent = "http://169.254.170.2";
constexpr size_t kMaxTokenFileBytes = 16 * 1024;
constexpr size_t kMaxResponseBytes = 64 * 1024;

std::string_view trim(std::string_view s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && blank(s.back()))
    s.remove_suffix(1);
  return s;
}

struct SchemeHost {
  std::string scheme;
  std::string host;  // without brackets for IPv6
};

std::optional<SchemeHost> split_url(std::string_view url) {
  const size_t colon = url.find("://");
  if (colon == std::string_view::npos) return std::nullopt;
  SchemeHost out{std::string(url.substr(0, colon)), {}};
  for (auto& c : out.scheme)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view rest = url.substr(colon + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const size_t at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  if (rest.starts_with('[')) {
    const size_t close = rest.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    out.host = std::string(rest.substr(1, close - 1));
  } else {
    out.host = std::string(rest.substr(0, rest.find(':')));
  }
  for (auto& c : out.host)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (out.host.empty()) return std::nullopt;
  return out;
}

bool allowed_http_host(const std::string& host) {
  if (host == "localhost" || host == "169.254.170.2" || host == "169.254.170.23") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;  // 127.0.0.0/8
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    in6_addr loopback = IN6ADDR_LOOPBACK_INIT;
    in6_addr pod_identity{};
    inet_pton(AF_INET6, "fd00:ec2::23", &pod_identity);
    return std::memcmp(&v6, &loopback, sizeof v6) == 0 ||
           std::memcmp(&v6, &pod_identity, sizeof v6) == 0;
  }
  return false;
}

}  // namespace

Result<void> check_container_uri(std::string_view url) {
  auto parts = split_url(url);
  if (!parts || (parts->scheme != "http" && parts->scheme != "https")) {
    return fail(ErrorKind::auth, "InvalidContainerCredentialsUri",
                "container credentials: AWS_CONTAINER_CREDENTIALS_FULL_URI '" + std::string(url) +
                    "' is not an http:// or https:// URL");
  }
  if (parts->scheme == "https" || allowed_http_host(parts->host)) return {};
  return fail(ErrorKind::auth, "InvalidContainerCredentialsUri",
              "container credentials: unsupported host '" + parts->host +
                  "' in AWS_CONTAINER_CREDENTIALS_FULL_URI: plain http is only allowed to "
                  "loopback addresses, localhost, 169.254.170.2, 169.254.170.23 and "
                  "fd00:ec2::23; use https for other hosts");
}

Result<ContainerEndpoint> container_endpoint_from_environment(const Environment& env) {
  ContainerEndpoint endpoint;
  if (auto relative = env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    endpoint.url = std::string(kEcsAgent) + (relative->starts_with('/') ? "" : "/") + *relative;
  } else if (auto full = env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
    auto allowed = check_container_uri(*full);
    if (!allowed) return fail(std::move(allowed.error()));
    endpoint.url = *full;
  } else {
    return fail(credentials_not_configured(
        "container", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI are not set"));
  }
  endpoint.token_file = env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE").value_or("");
  endpoint.token = env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN").value_or("");
  return endpoint;
}

ContainerProvider::ContainerProvider(ContainerEndpoint endpoint, CredentialsContext context,
                                     int attempts)
    : endpoint_(std::move(endpoint)), context_(std::move(context)), attempts_(attempts) {}

Result<std::string> ContainerProvider::authorization() const {
  std::string token = endpoint_.token;
  if (!endpoint_.token_file.empty()) {
    auto content = read_text_file(endpoint_.token_file, kMaxTokenFileBytes,
                                  "container authorization token file");
    if (!content) return fail(std::move(content.error()));
    if (!*content) {
      return fail(ErrorKind::auth, "ContainerTokenFileMissing",
                  "container credentials: the authorization token file " + endpoint_.token_file +
                      " (AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE) does not exist");
    }
    token = std::string(trim(**content));
  }
  if (token.find_first_of("\r\n") != std::string::npos) {
    return fail(ErrorKind::auth, "ContainerTokenInvalid",
                "container credentials: the authorization token contains a line break");
  }
  return token;
}

Result<std::shared_ptr<const Credentials>> ContainerProvider::get() {
  if (!context_.transport) {
    return fail(ErrorKind::internal, "NoTransport",
                "container credentials need an HTTP transport, but none was configured");
  }
  auto token = authorization();
  if (!token) return fail(std::move(token.error()));

  HttpRequest request;
  request.method = "GET";
  request.url = endpoint_.url;
  request.headers.add("Accept", "application/json");
  if (!token->empty()) request.headers.add("Authorization", *token);
  const TransportOptions timeouts{std::chrono::milliseconds(2000), std::chrono::milliseconds(2000)};

  Error last;
  for (int attempt = 1; attempt <= std::max(1, attempts_); ++attempt) {
    if (attempt > 1) context_.pause(std::chrono::seconds(1));
    auto response = context_.transport(request, timeouts);
    if (!response) {
      last = std::move(response.error());
      last.message = name() + " could not be reached: " + last.message;
      continue;
    }
    if (response->status != 200) {
      last =
          Error::make(response->status == 401 || response->status == 403 ? ErrorKind::auth
                                                                         : ErrorKind::unavailable,
                      "ContainerCredentialsHttp" + std::to_string(response->status),
                      name() + " answered HTTP " + std::to_string(response->status));
      last.http_status = response->status;
      if (response->status == 401 || response->status == 403) break;  // retrying will not help
      continue;
    }
    if (response->body.size() > kMaxResponseBytes) {
      return fail(ErrorKind::protocol, "ContainerCredentialsTooLarge",
                  name() + " answered with more than 64 KiB");
    }
    auto credentials =
        parse_credentials_json(response->body, CredentialsJsonFormat::container, name());
    if (!credentials) return fail(std::move(credentials.error()));
    credentials->source = name();
    return std::make_shared<const Credentials>(std::move(*credentials));
  }
  redact_secrets(last, {*token});
  return fail(std::move(last));
}

}  // namespace smp::aws
