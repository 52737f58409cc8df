#include "aws/providers/assume_role_provider.hpp"

#include <spdlog/spdlog.h>

#include "aws/arn.hpp"
#include "aws/providers/caching_provider.hpp"
#include "aws/role_session.hpp"

namespace smp::aws {

AssumeRoleProvider::AssumeRoleProvider(CredentialsProviderPtr base, AssumeRoleConfig config,
                                       int duration_seconds, std::string session_name,
                                       CredentialsContext context)
    : base_(std::move(base)),
      config_(std::move(config)),
      duration_seconds_(duration_seconds),
      session_name_(std::move(session_name)),
      context_(std::move(context)),
      sts_(context_, config_.sts) {}

std::string AssumeRoleProvider::name() const {
  return "assume-role " + config_.role_arn + " (from " + base_->name() + ")";
}

Result<StsCredentialsResult> AssumeRoleProvider::call_sts(const Credentials& base,
                                                          int duration_seconds) const {
  AssumeRoleParams params;
  params.role_arn = config_.role_arn;
  params.role_session_name = session_name_;
  params.external_id = config_.external_id;
  params.duration_seconds = duration_seconds;
  return sts_.assume_role(base, params, base_->name());
}

Result<std::shared_ptr<const Credentials>> AssumeRoleProvider::get() {
  auto base = base_->get();
  if (!base) {
    Error error = std::move(base.error());
    error.message =
        "cannot assume " + config_.role_arn + ": the source credentials failed: " + error.message;
    return fail(std::move(error));
  }
  int duration = duration_seconds_;
  auto result = call_sts(**base, duration);

  if (!result && result.error().code == "ExpiredToken") {
    // The base snapshot's session ended (its cache did not know the expiry): refetch, retry once.
    base_->invalidate();
    base = base_->get();
    if (!base) return fail(std::move(base.error()));
    result = call_sts(**base, duration);
  }
  if (!result && is_duration_too_long(result.error()) && duration > kDefaultDurationSeconds) {
    spdlog::info("credentials: {} refused DurationSeconds={}; retrying with {}", config_.role_arn,
                 duration, kDefaultDurationSeconds);
    duration = kDefaultDurationSeconds;
    result = call_sts(**base, duration);
  }
  if (!result) return fail(std::move(result.error()));

  Credentials credentials = std::move(result->credentials);
  credentials.source = name();
  return std::make_shared<const Credentials>(std::move(credentials));
}

Result<CredentialsProviderPtr> make_assume_role_provider(CredentialsProviderPtr base,
                                                         AssumeRoleConfig config,
                                                         const CredentialsContext& context) {
  if (!base) {
    return fail(ErrorKind::internal, "NoSourceCredentials",
                "assume-role needs source credentials, but none were given");
  }
  auto arn = validate_role_arn(config.role_arn);
  if (!arn) return fail(std::move(arn.error()));
  if (!config.external_id.empty()) {
    auto valid = validate_external_id(config.external_id);
    if (!valid) return fail(std::move(valid.error()));
  }
  const int duration = config.duration_seconds.value_or(kDefaultDurationSeconds);
  auto valid_duration = validate_duration_seconds(duration);
  if (!valid_duration) return fail(std::move(valid_duration.error()));

  std::string session_name = config.role_session_name.empty()
                                 ? default_role_session_name(config.model_type, context.now())
                                 : sanitize_role_session_name(config.role_session_name);
  const std::string role_arn = config.role_arn;
  auto provider = std::make_shared<AssumeRoleProvider>(std::move(base), std::move(config), duration,
                                                       std::move(session_name), context);
  const std::string& sts_partition = provider->sts().partition();
  if (!sts_partition.empty() && sts_partition != arn->arn.partition) {
    // STS only assumes roles of its own partition; say so before the call returns a vaguer error.
    return fail(ErrorKind::invalid_argument, "InvalidRoleArn",
                "Invalid role ARN '" + role_arn + "': the role is in partition " +
                    arn->arn.partition + ", but STS region " + provider->sts().region() +
                    " is in partition " + sts_partition + "; use a region of " +
                    arn->arn.partition);
  }
  return make_caching(std::move(provider), *context.clock);
}

}  // namespace smp::aws
