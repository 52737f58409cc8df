#pragma once
// The AWS options every endpoint-facing subcommand shares (invoke, check, chat, embed, ...).
#include <CLI/CLI.hpp>
#include <string>

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

}  // namespace smp::cli
