#include "cli/aws_flags.hpp"

#include <chrono>
#include <cstdio>

namespace smp::cli {

void add_aws_flags(CLI::App& app, AwsFlags& f) {
  const char* group = "AWS";
  app.add_option("--region", f.region,
                 "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, profile)")
      ->group(group);
  app.add_option("--profile", f.profile, "Shared config profile (default: AWS_PROFILE)")
      ->group(group);
  app.add_option("--access-key-id", f.access_key_id, "Access key id (with --secret-access-key)")
      ->group(group);
  app.add_option("--secret-access-key", f.secret_access_key, "Secret access key")->group(group);
  app.add_option("--session-token", f.session_token, "Session token of temporary credentials")
      ->group(group);
  app.add_option("--assume-role-arn", f.assume_role_arn,
                 "Role to assume with the credentials found (cross-account access)")
      ->group(group);
  app.add_option("--external-id", f.external_id, "ExternalId the role's trust policy requires")
      ->group(group);
  app.add_option("--role-session-name", f.role_session_name, "Session name for the assumed role")
      ->group(group);
  app.add_option("--duration-seconds", f.duration_seconds,
                 "Assumed-role session duration (900-43200, default 3600)")
      ->check(CLI::Range(900, 43200))
      ->group(group);
  app.add_option("--endpoint-url", f.endpoint_url,
                 "Send requests to this URL instead of the regional SageMaker host "
                 "(VPC endpoint, emulator)")
      ->group(group);
  app.add_option("--timeout", f.timeout_seconds,
                 "Seconds to wait for a connection and between received bytes")
      ->check(CLI::PositiveNumber)
      ->group(group);
  app.add_flag("-v,--verbose", f.verbose,
               "Print request ids, timings and the signed headers (redacted) to stderr")
      ->group(group);
}

sagemaker::ConnectionSettings connection_settings(const AwsFlags& f, std::string_view model_type) {
  sagemaker::ConnectionSettings s;
  s.region = f.region;
  s.endpoint_url = f.endpoint_url;
  s.credentials.access_key_id = f.access_key_id;
  s.credentials.secret_access_key = f.secret_access_key;
  s.credentials.session_token = f.session_token;
  s.credentials.profile = f.profile;
  s.credentials.role_arn = f.assume_role_arn;
  s.credentials.external_id = f.external_id;
  s.credentials.role_session_name = f.role_session_name;
  if (f.duration_seconds > 0) s.credentials.duration_seconds = f.duration_seconds;
  s.credentials.model_type = std::string(model_type);
  if (f.timeout_seconds > 0) {
    const auto timeout =
        std::chrono::milliseconds(static_cast<long long>(f.timeout_seconds * 1000));
    s.call.connect_timeout = timeout;
    s.call.idle_timeout = timeout;
  }
  return s;
}

sagemaker::TraceSink verbose_trace(const AwsFlags& f) {
  if (!f.verbose) return {};
  return [](std::string_view line) {
    std::fprintf(stderr, "%.*s\n", static_cast<int>(line.size()), line.data());
  };
}

}  // namespace smp::cli
