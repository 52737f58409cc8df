// `sagemaker-provider emulate`: runs the local SageMaker runtime + control plane + STS + S3 +
// Comprehend emulator until SIGINT/SIGTERM. The first stdout line is the ready line tests wait
// for: "emulator listening on http://HOST:PORT".
#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <optional>
#include <string>

#include "base/environment.hpp"
#include "cli/command.hpp"
#include "emulator/config_yaml.hpp"
#include "emulator/emulator.hpp"

namespace smp::cli {
namespace {

struct EmulateFlags {
  std::string listen = "127.0.0.1:4566";
  std::string config_file;
  double sts_duration_scale = 0;  // 0: keep the config's
  std::optional<std::uint64_t> seed;
  std::size_t threads = 1;
};

int run_emulate(const EmulateFlags& flags) {
  const auto& environment = ProcessEnvironment::instance();
  auto config = flags.config_file.empty()
                    ? Result<emulator::EmulatorConfig>(emulator::default_config(environment))
                    : emulator::load_config_file(flags.config_file, environment);
  if (!config) {
    std::fprintf(stderr, "emulate: %s\n", config.error().message.c_str());
    return exit_usage;
  }
  if (flags.sts_duration_scale > 0) config->sts_duration_scale = flags.sts_duration_scale;
  if (flags.seed) config->seed = *flags.seed;
  const auto listen = emulator::parse_listen_address(flags.listen);
  if (!listen) {
    std::fprintf(stderr, "emulate: %s\n", listen.error().message.c_str());
    return exit_usage;
  }
  auto instance = emulator::Emulator::create(std::move(*config));
  if (!instance) {
    std::fprintf(stderr, "emulate: %s\n", instance.error().message.c_str());
    return exit_usage;
  }
  auto& emulator = **instance;

  // Block the stop signals before the server threads start, so they inherit the mask and this
  // thread alone receives them in sigwait.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  if (auto started = emulator.start(*listen, flags.threads); !started) {
    std::fprintf(stderr, "emulate: cannot listen on %s: %s\n", flags.listen.c_str(),
                 started.error().message.c_str());
    return exit_connection;
  }
  std::fprintf(stderr, "emulate: account %s, %zu endpoint(s), %zu identit%s; Ctrl-C stops\n",
               emulator.config().account.c_str(), emulator.config().endpoints.size(),
               emulator.config().identities.size(),
               emulator.config().identities.size() == 1 ? "y" : "ies");
  std::printf("emulator listening on %s\n", emulator.url().c_str());
  std::fflush(stdout);

  int received = 0;
  sigwait(&signals, &received);
  emulator.stop();
  return exit_ok;
}

}  // namespace

void add_emulate_command(CLI::App& root, CommandList& commands) {
  auto flags = std::make_shared<EmulateFlags>();
  auto* app = root.add_subcommand(
      "emulate",
      "Run the local SageMaker runtime + control plane + STS + S3 + Comprehend emulator");
  app->add_option("--listen", flags->listen, "HOST:PORT to listen on; port 0 picks a free one")
      ->capture_default_str();
  app->add_option("--config", flags->config_file,
                  "YAML configuration (identities, roles, endpoints, faults); default: the demo")
      ->check(CLI::ExistingFile);
  app->add_option("--sts-duration-scale", flags->sts_duration_scale,
                  "Multiply the lifetime of issued STS credentials (tests: 0.001)")
      ->check(CLI::PositiveNumber);
  app->add_option("--seed", flags->seed, "Seed for fault injection and random part boundaries");
  app->add_option("--threads", flags->threads, "Server threads")->check(CLI::Range(1, 64));
  commands.push_back({app, [flags] { return run_emulate(*flags); }});
}

}  // namespace smp::cli
