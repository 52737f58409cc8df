#pragma once
// `sagemaker-provider dify`: the plugin runtime, with the transport INSTALL_METHOD names, read
// like the Python SDK's DifyPluginEnv (dify-plugin-protocol.md §3–§5, §11):
//   local (default)  newline JSON on stdin/stdout, heartbeat at start and every 10 s, exits on
//                    stdin EOF or when its parent dies; only protocol on stdout, logs on stderr
//   remote           TCP to REMOTE_INSTALL_URL (host:port or scheme://host:port) or
//                    REMOTE_INSTALL_HOST/REMOTE_INSTALL_PORT (localhost:5003) with
//                    REMOTE_INSTALL_KEY; registers, then serves; reconnects and re-registers
//   serverless       HTTP on SERVERLESS_HOST:SERVERLESS_PORT (0.0.0.0:8080): POST /invoke
//                    streams the session's lines, GET /health answers OK
#include <chrono>
#include <string>

#include "base/environment.hpp"

namespace smp::dify {

struct DifyOptions {
  std::string install_method;  // "" = INSTALL_METHOD or local
  std::chrono::milliseconds heartbeat_interval{10'000};
  std::chrono::milliseconds reconnect_delay{5'000};  // remote
  int reconnect_attempts = 3;                        // remote, consecutive failures
  const Environment* environment = &ProcessEnvironment::instance();
};

// Runs until the transport ends; returns the process exit code.
int run_dify(DifyOptions options);

}  // namespace smp::dify
