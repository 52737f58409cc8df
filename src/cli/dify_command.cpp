// `sagemaker-provider dify`: the Dify plugin runtime (src/dify). The transport comes from
// INSTALL_METHOD as in the Python SDK, or from --install-method.
#include "cli/command.hpp"
#include "dify/dify_main.hpp"

namespace smp::cli {

namespace {
struct DifyFlags {
  std::string install_method;
  double heartbeat_seconds = 10;
  double reconnect_delay_seconds = 5;
  int reconnect_attempts = 3;
};
}  // namespace

void add_dify_command(CLI::App& root, CommandList& commands) {
  auto flags = std::make_shared<DifyFlags>();
  auto* app = root.add_subcommand(
      "dify",
      "Run as a Dify plugin: INSTALL_METHOD=local (stdin/stdout, what the plugin daemon starts), "
      "remote (REMOTE_INSTALL_URL or REMOTE_INSTALL_HOST/PORT + REMOTE_INSTALL_KEY) or serverless "
      "(SERVERLESS_HOST/PORT)");
  app->add_option("--install-method", flags->install_method,
                  "local, remote or serverless (default: $INSTALL_METHOD, else local)")
      ->check(CLI::IsMember({"local", "remote", "serverless"}));
  app->add_option("--heartbeat-seconds", flags->heartbeat_seconds,
                  "seconds between heartbeats (local and remote)")
      ->check(CLI::Range(0.01, 60.0));
  app->add_option("--reconnect-delay-seconds", flags->reconnect_delay_seconds,
                  "remote: pause before reconnecting after a lost connection")
      ->check(CLI::Range(0.0, 600.0));
  app->add_option("--reconnect-attempts", flags->reconnect_attempts,
                  "remote: consecutive failed connections before giving up")
      ->check(CLI::Range(0, 1000));
  commands.push_back({app, [flags] {
                        dify::DifyOptions options;
                        options.install_method = flags->install_method;
                        options.heartbeat_interval = std::chrono::milliseconds(
                            static_cast<long long>(flags->heartbeat_seconds * 1000));
                        options.reconnect_delay = std::chrono::milliseconds(
                            static_cast<long long>(flags->reconnect_delay_seconds * 1000));
                        options.reconnect_attempts = flags->reconnect_attempts;
                        return dify::run_dify(options);
                      }});
}

}  // namespace smp::cli
