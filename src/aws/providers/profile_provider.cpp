#include "aws/providers/profile_provider.hpp"

#include <algorithm>
#include <charconv>
#include <vector>

#include "aws/providers/assume_role_provider.hpp"
#include "aws/providers/caching_provider.hpp"
#include "aws/providers/container_provider.hpp"
#include "aws/providers/environment_provider.hpp"
#include "aws/providers/imds_provider.hpp"
#include "aws/providers/process_provider.hpp"
#include "aws/providers/static_provider.hpp"
#include "aws/providers/web_identity_provider.hpp"

namespace smp::aws {
namespace {

// Role chains deeper than this are a configuration mistake (and bound the recursion).
constexpr size_t kMaxChainDepth = 16;

Error config_error(std::string code, std::string message) {
  return Error::make(ErrorKind::auth, std::move(code), std::move(message));
}

std::string chain_text(const std::vector<std::string>& visited, std::string_view next) {
  std::string out;
  for (const auto& name : visited)
    out += name + " -> ";
  return out + std::string(next);
}

class Resolver {
 public:
  Resolver(const SharedConfig& config, const CredentialsContext& context,
           const ProfileOptions& options)
      : config_(config), context_(context), options_(options) {}

  Result<CredentialsProviderPtr> resolve(std::string_view name, std::vector<std::string>& visited);

 private:
  Result<CredentialsProviderPtr> static_keys(const Profile& profile) const;
  Result<CredentialsProviderPtr> assume_role(const Profile& profile,
                                             std::vector<std::string>& visited);
  Result<CredentialsProviderPtr> credential_source(const Profile& profile) const;
  std::string sts_region(const Profile& profile) const;

  const SharedConfig& config_;
  const CredentialsContext& context_;
  const ProfileOptions& options_;
};

Result<CredentialsProviderPtr> Resolver::static_keys(const Profile& profile) const {
  auto key = profile.get("aws_access_key_id");
  auto secret = profile.get("aws_secret_access_key");
  if (!key || !secret) {
    return fail(config_error("PartialCredentials",
                             "profile " + profile.name + " has " +
                                 (key ? "aws_access_key_id but no aws_secret_access_key"
                                      : "aws_secret_access_key but no aws_access_key_id") +
                                 " (" + config_.files.credentials_path + " or " +
                                 config_.files.config_path + ")"));
  }
  auto token = profile.get("aws_session_token");
  if (!token) token = profile.get("aws_security_token");
  return make_static_provider(*key, *secret, token.value_or(""), "profile " + profile.name);
}

std::string Resolver::sts_region(const Profile& profile) const {
  if (!options_.region.empty()) return options_.region;
  if (auto region = context_.env().get("AWS_REGION")) return *region;
  if (auto region = context_.env().get("AWS_DEFAULT_REGION")) return *region;
  return profile.get("region").value_or("");
}

Result<CredentialsProviderPtr> Resolver::credential_source(const Profile& profile) const {
  const std::string source = *profile.get("credential_source");
  if (source == "Environment") return std::make_shared<EnvironmentProvider>(context_.env());
  if (source == "Ec2InstanceMetadata") {
    return make_caching(
        std::make_shared<ImdsProvider>(imds_config_from_environment(context_.env()), context_),
        *context_.clock);
  }
  if (source == "EcsContainer") {
    auto endpoint = container_endpoint_from_environment(context_.env());
    if (!endpoint) {
      Error error = std::move(endpoint.error());
      error.code = "InvalidCredentialSource";
      error.message =
          "profile " + profile.name + " has credential_source = EcsContainer, but " + error.message;
      return fail(std::move(error));
    }
    return make_caching(std::make_shared<ContainerProvider>(std::move(*endpoint), context_),
                        *context_.clock);
  }
  return fail(config_error("InvalidCredentialSource",
                           "profile " + profile.name + " has credential_source = " + source +
                               "; expected Environment, Ec2InstanceMetadata or EcsContainer"));
}

Result<CredentialsProviderPtr> Resolver::assume_role(const Profile& profile,
                                                     std::vector<std::string>& visited) {
  const auto source_profile = profile.get("source_profile");
  const bool has_credential_source = profile.has("credential_source");
  if (source_profile && has_credential_source) {
    return fail(config_error(
        "InvalidConfig",
        "profile " + profile.name + " has both source_profile and credential_source; keep one"));
  }
  if (!source_profile && !has_credential_source) {
    return fail(config_error("PartialCredentials",
                             "profile " + profile.name +
                                 " has role_arn but neither source_profile nor credential_source "
                                 "to say which credentials assume the role"));
  }
  if (profile.has("mfa_serial")) {
    return fail(config_error("MfaNotSupported",
                             "profile " + profile.name +
                                 " needs an MFA code (mfa_serial), which a server cannot prompt "
                                 "for; use a role without an MFA condition"));
  }

  CredentialsProviderPtr base;
  if (has_credential_source) {
    auto source = credential_source(profile);
    if (!source) return fail(std::move(source.error()));
    base = std::move(*source);
  } else if (*source_profile == profile.name) {
    // A profile may assume a role with its own static keys.
    if (!profile.has("aws_access_key_id")) {
      return fail(config_error(
          "InvalidConfig",
          "profile " + profile.name + " names itself as source_profile but has no static keys"));
    }
    auto keys = static_keys(profile);
    if (!keys) return fail(std::move(keys.error()));
    base = std::move(*keys);
  } else {
    if (std::find(visited.begin(), visited.end(), *source_profile) != visited.end()) {
      return fail(config_error("InvalidConfig",
                               "source_profile cycle: " + chain_text(visited, *source_profile)));
    }
    if (visited.size() >= kMaxChainDepth) {
      return fail(config_error("InvalidConfig", "source_profile chain is longer than " +
                                                    std::to_string(kMaxChainDepth) + ": " +
                                                    chain_text(visited, *source_profile)));
    }
    if (!config_.find(*source_profile)) {
      Error error = config_.profile_not_found(*source_profile);
      error.message = "profile " + profile.name + " has source_profile = " + *source_profile +
                      ", but " + error.message;
      return fail(std::move(error));
    }
    auto source = resolve(*source_profile, visited);
    if (!source) {
      Error error = std::move(source.error());
      if (is_not_configured(error)) {
        error.code = "InvalidConfig";
        error.message = "profile " + profile.name + " has source_profile = " + *source_profile +
                        ", which has no credentials (no aws_access_key_id, role_arn, "
                        "credential_process or web_identity_token_file)";
      }
      return fail(std::move(error));
    }
    base = std::move(*source);
  }

  AssumeRoleConfig role;
  role.role_arn = *profile.get("role_arn");
  role.external_id = profile.get("external_id").value_or("");
  role.role_session_name = profile.get("role_session_name").value_or("");
  role.model_type = options_.model_type;
  if (auto duration = profile.get("duration_seconds")) {
    int seconds = 0;
    const auto [end, ec] =
        std::from_chars(duration->data(), duration->data() + duration->size(), seconds);
    if (ec != std::errc() || end != duration->data() + duration->size()) {
      return fail(config_error("InvalidConfig", "profile " + profile.name +
                                                    " has duration_seconds = " + *duration +
                                                    ", which is not a whole number of seconds"));
    }
    role.duration_seconds = seconds;
  }
  role.sts.region = sts_region(profile);
  role.sts.endpoint_url = options_.sts_endpoint_url;
  auto provider = make_assume_role_provider(std::move(base), std::move(role), context_);
  if (!provider) {
    Error error = std::move(provider.error());
    error.message = "profile " + profile.name + ": " + error.message;
    return fail(std::move(error));
  }
  return provider;
}

Result<CredentialsProviderPtr> Resolver::resolve(std::string_view name,
                                                 std::vector<std::string>& visited) {
  const Profile* profile = config_.find(name);
  if (!profile) return fail(config_.profile_not_found(name));
  visited.emplace_back(name);

  if (profile->has("role_arn") && !profile->has("web_identity_token_file")) {
    return assume_role(*profile, visited);
  }
  if (auto token_file = profile->get("web_identity_token_file")) {
    WebIdentityConfig web;
    web.token_file = *token_file;
    web.role_arn = profile->get("role_arn").value_or("");
    if (web.role_arn.empty()) {
      return fail(config_error(
          "WebIdentityRoleMissing",
          "profile " + profile->name + " has web_identity_token_file but no role_arn"));
    }
    web.role_session_name = profile->get("role_session_name").value_or("");
    web.sts.region = sts_region(*profile);
    web.sts.endpoint_url = options_.sts_endpoint_url;
    web.origin = "web identity (profile " + profile->name + ")";
    return make_web_identity_provider(std::move(web), context_);
  }
  if (profile->has("sso_session") || profile->has("sso_start_url")) {
    return fail(config_error(
        "SsoNotSupported",
        "profile " + profile->name +
            " uses IAM Identity Center (SSO), which sagemaker-provider does not read directly; "
            "add credential_process = aws configure export-credentials --profile " +
            profile->name + " --format process to a profile and use that one"));
  }
  if (profile->has("aws_access_key_id") || profile->has("aws_secret_access_key")) {
    return static_keys(*profile);
  }
  if (auto command = profile->get("credential_process")) {
    return make_caching(std::make_shared<ProcessProvider>(*command, "profile " + profile->name,
                                                          options_.process_limits),
                        *context_.clock);
  }
  return fail(credentials_not_configured(
      "profile " + profile->name,
      "no aws_access_key_id, role_arn, credential_process or web_identity_token_file"));
}

}  // namespace

Result<CredentialsProviderPtr> provider_for_profile(const SharedConfig& config,
                                                    std::string_view name,
                                                    const CredentialsContext& context,
                                                    const ProfileOptions& options) {
  Resolver resolver(config, context, options);
  std::vector<std::string> visited;
  return resolver.resolve(name, visited);
}

ProfileProvider::ProfileProvider(CredentialsContext context, ProfileOptions options)
    : context_(std::move(context)),
      options_(std::move(options)),
      profile_(options_.profile.empty() ? selected_profile_name(context_.env()) : options_.profile),
      explicit_(!options_.profile.empty() || profile_explicitly_selected(context_.env())) {}

std::string ProfileProvider::name() const {
  std::lock_guard lock(mutex_);
  return inner_ ? inner_->name() : "profile " + profile_;
}

Result<CredentialsProviderPtr> ProfileProvider::resolve() {
  auto config = load_shared_config(context_.env());
  if (!config) return fail(std::move(config.error()));
  if (!config->find(profile_) && !explicit_) {
    return fail(credentials_not_configured("profile " + profile_,
                                           "not found in " + config->files.config_path +
                                               (config->config_found ? "" : " (missing)") + " or " +
                                               config->files.credentials_path +
                                               (config->credentials_found ? "" : " (missing)")));
  }
  return provider_for_profile(*config, profile_, context_, options_);
}

Result<std::shared_ptr<const Credentials>> ProfileProvider::get() {
  CredentialsProviderPtr inner;
  {
    std::lock_guard lock(mutex_);
    if (!inner_) {
      auto resolved = resolve();
      if (!resolved) return fail(std::move(resolved.error()));
      inner_ = std::move(*resolved);
    }
    inner = inner_;
  }
  return inner->get();
}

void ProfileProvider::invalidate() {
  CredentialsProviderPtr inner;
  {
    std::lock_guard lock(mutex_);
    inner = inner_;
  }
  if (inner) inner->invalidate();
}

}  // namespace smp::aws
