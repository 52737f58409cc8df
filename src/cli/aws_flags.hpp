#pragma once
// The AWS options every endpoint-facing subcommand shares (invoke, check, chat, embed, ...).
#include <CLI/CLI.hpp>
#include <string>

#include "sagemaker/connection.hpp"

namespace smp::cli {

struct AwsFlags {
  std::string region;
  std::string profile;
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
  std::string assume_role_arn;
  std::string external_id;
  std::string role_session_name;
  int duration_seconds = 0;  // 0: the default (3600)
  std::string endpoint_url;
  double timeout_seconds = 0;  // 0: the defaults (connect 10 s, idle read 70 s)
  bool verbose = false;
};

void add_aws_flags(CLI::App& app, AwsFlags& flags);

// The connection settings these flags describe; `model_type` names default role sessions
// ("sagemaker-provider-<model type>-<unix time>").
sagemaker::ConnectionSettings connection_settings(const AwsFlags& flags,
                                                  std::string_view model_type);

// A trace sink that prints to stderr when --verbose is on (nothing otherwise).
sagemaker::TraceSink verbose_trace(const AwsFlags& flags);

}  // namespace smp::cli
