#include "sagemaker/connection.hpp"

#include "aws/shared_config.hpp"

namespace smp::sagemaker {

namespace {

// The profile's region, read only when neither the flag nor the environment names one (the
// config files are not even opened then).
Result<std::string> profile_region(const ConnectionSettings& settings, const Environment& env) {
  if (!settings.region.empty() || env.get("AWS_REGION") || env.get("AWS_DEFAULT_REGION")) {
    return std::string{};
  }
  auto region = aws::profile_region(env, settings.credentials.profile);
  if (!region) return std::unexpected(std::move(region.error()));
  return region->value_or("");
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::open(http::Client& http,
                                                     ConnectionSettings settings,
                                                     ConnectionContext context) {
  const Environment& env = *context.environment;
  auto from_profile = profile_region(settings, env);
  if (!from_profile) return std::unexpected(std::move(from_profile.error()));
  auto region = aws::resolve_region(settings.region, env, *from_profile);
  if (!region) return std::unexpected(std::move(region.error()));

  aws::EndpointOptions endpoint_options;
  endpoint_options.endpoint_url = settings.endpoint_url;
  auto runtime_endpoint =
      aws::resolve_endpoint(aws::Service::sagemaker_runtime, region->region, endpoint_options, env);
  if (!runtime_endpoint) return std::unexpected(std::move(runtime_endpoint.error()));
  auto control_endpoint =
      aws::resolve_endpoint(aws::Service::sagemaker, region->region, endpoint_options, env);
  if (!control_endpoint) return std::unexpected(std::move(control_endpoint.error()));
  auto s3_endpoint = aws::resolve_endpoint(aws::Service::s3, region->region, endpoint_options, env);
  if (!s3_endpoint) return std::unexpected(std::move(s3_endpoint.error()));
  auto comprehend_endpoint =
      aws::resolve_endpoint(aws::Service::comprehend, region->region, endpoint_options, env);
  if (!comprehend_endpoint) return std::unexpected(std::move(comprehend_endpoint.error()));

  settings.credentials.region = region->region;
  if (settings.credentials.sts_endpoint_url.empty()) {
    settings.credentials.sts_endpoint_url = settings.endpoint_url;
  }
  aws::CredentialsContext credentials_context;
  credentials_context.environment = context.environment;
  credentials_context.clock = context.clock;
  credentials_context.transport = context.blocking_transport;
  auto credentials = aws::build_credentials(settings.credentials, credentials_context);
  if (!credentials) return std::unexpected(std::move(credentials.error()));

  aws::RetryConfig retry_config;
  if (settings.max_attempts > 0) {
    retry_config.max_attempts = settings.max_attempts;
  } else {
    auto from_env = aws::RetryConfig::from_environment(env);
    if (!from_env) return std::unexpected(std::move(from_env.error()));
    retry_config = *from_env;
  }

  std::unique_ptr<Connection> c(new Connection());
  c->settings_ = std::move(settings);
  c->context_ = std::move(context);
  c->region_ = std::move(*region);
  c->credentials_ = std::move(*credentials);
  SenderConfig sender_config;
  sender_config.credentials = c->credentials_.provider;
  sender_config.retry = std::make_shared<aws::RetryPolicy>(retry_config);
  sender_config.clock = c->context_.clock;
  sender_config.trace = c->context_.trace;
  c->sender_ = std::make_unique<SignedSender>(http, std::move(sender_config));
  c->runtime_ =
      std::make_unique<RuntimeClient>(*c->sender_, std::move(*runtime_endpoint), c->settings_.call);
  c->control_plane_ = std::make_unique<ControlPlaneClient>(
      *c->sender_, std::move(*control_endpoint), c->settings_.call);
  c->s3_ =
      std::make_unique<S3Client>(*c->sender_, http, std::move(*s3_endpoint), c->settings_.call);
  c->comprehend_ = std::make_unique<ComprehendClient>(*c->sender_, std::move(*comprehend_endpoint),
                                                      c->settings_.call);
  return c;
}

aws::CredentialsContext Connection::credentials_context() const {
  aws::CredentialsContext c;
  c.environment = context_.environment;
  c.clock = context_.clock;
  c.transport = context_.blocking_transport;
  return c;
}

aws::StsClient Connection::sts() const {
  aws::StsClientConfig config;
  config.region = region_.region;
  config.endpoint_url = settings_.credentials.sts_endpoint_url;
  return aws::StsClient(credentials_context(), std::move(config));
}

Result<aws::BuiltCredentials> Connection::base_credentials() const {
  if (settings_.credentials.role_arn.empty()) return credentials_;
  aws::CredentialsSpec base = settings_.credentials;
  base.role_arn.clear();
  base.external_id.clear();
  base.role_session_name.clear();
  base.duration_seconds.reset();
  return aws::build_credentials(base, credentials_context());
}

Result<std::unique_ptr<Connection>> Connection::in_region(http::Client& http,
                                                          const std::string& region) const {
  ConnectionSettings settings = settings_;
  settings.region = region;
  return open(http, std::move(settings), context_);
}

}  // namespace smp::sagemaker
