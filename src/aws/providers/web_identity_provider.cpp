#include "aws/providers/web_identity_provider.hpp"

#include "aws/arn.hpp"
#include "aws/credential_file_io.hpp"
#include "aws/providers/caching_provider.hpp"
#include "aws/role_session.hpp"

namespace smp::aws {
namespace {

std::string_view trim(std::string_view s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && blank(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && blank(s.back()))
    s.remove_suffix(1);
  return s;
}

}  // namespace

WebIdentityProvider::WebIdentityProvider(WebIdentityConfig config, std::string session_name,
                                         CredentialsContext context)
    : config_(std::move(config)),
      session_name_(std::move(session_name)),
      sts_(std::move(context), config_.sts) {}

Result<std::string> WebIdentityProvider::read_token() const {
  auto content =
      read_text_file(config_.token_file, kMaxWebIdentityTokenBytes + 64, "web identity token file");
  if (!content) {
    Error error = std::move(content.error());
    error.message = name() + ": " + error.message;
    return fail(std::move(error));
  }
  if (!*content) {
    return fail(ErrorKind::auth, "WebIdentityTokenFileMissing",
                name() + ": the web identity token file " + config_.token_file +
                    " does not exist (is the service account token volume mounted?)");
  }
  const std::string_view token = trim(**content);
  if (token.size() < 4 || token.size() > kMaxWebIdentityTokenBytes) {
    return fail(ErrorKind::auth, "WebIdentityTokenInvalid",
                name() + ": the web identity token file " + config_.token_file + " holds " +
                    std::to_string(token.size()) + " characters; a token has 4 to 20000");
  }
  return std::string(token);
}

Result<std::shared_ptr<const Credentials>> WebIdentityProvider::get() {
  auto token = read_token();
  if (!token) return fail(std::move(token.error()));
  WebIdentityParams params;
  params.role_arn = config_.role_arn;
  params.role_session_name = session_name_;
  params.web_identity_token = std::move(*token);
  params.duration_seconds = config_.duration_seconds;
  auto result = sts_.assume_role_with_web_identity(params, config_.token_file);
  if (!result) return fail(std::move(result.error()));
  Credentials credentials = std::move(result->credentials);
  credentials.source = name();
  return std::make_shared<const Credentials>(std::move(credentials));
}

Result<CredentialsProviderPtr> make_web_identity_provider(WebIdentityConfig config,
                                                          const CredentialsContext& context) {
  auto arn = validate_role_arn(config.role_arn);
  if (!arn) return fail(std::move(arn.error()));
  if (config.duration_seconds) {
    auto valid = validate_duration_seconds(*config.duration_seconds);
    if (!valid) return fail(std::move(valid.error()));
  }
  std::string session_name = config.role_session_name.empty()
                                 ? default_role_session_name("web-identity", context.now())
                                 : sanitize_role_session_name(config.role_session_name);
  auto provider =
      std::make_shared<WebIdentityProvider>(std::move(config), std::move(session_name), context);
  return make_caching(std::move(provider), *context.clock);
}

Result<WebIdentityConfig> web_identity_config_from_environment(const Environment& env) {
  auto token_file = env.get("AWS_WEB_IDENTITY_TOKEN_FILE");
  if (!token_file) {
    return fail(
        credentials_not_configured("web identity", "AWS_WEB_IDENTITY_TOKEN_FILE is not set"));
  }
  auto role_arn = env.get("AWS_ROLE_ARN");
  if (!role_arn) {
    return fail(ErrorKind::auth, "WebIdentityRoleMissing",
                "web identity: AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not; "
                "set the ARN of the role to assume with the token");
  }
  WebIdentityConfig config;
  config.token_file = std::move(*token_file);
  config.role_arn = std::move(*role_arn);
  config.role_session_name = env.get("AWS_ROLE_SESSION_NAME").value_or("");
  config.origin = "web identity (environment)";
  return config;
}

}  // namespace smp::aws
