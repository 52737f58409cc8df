// `sagemaker-provider serve`: the OpenAI-compatible gateway (src/gateway) until SIGINT/SIGTERM.
// Without --config it starts the emulator in-process and serves its demo endpoints, so the first
// command a new user runs answers real OpenAI clients with no AWS account. The first stdout
// line is the ready line tests wait for: "gateway listening on http://HOST:PORT".
#include <pthread.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "base/environment.hpp"
#include "cli/command.hpp"
#include "emulator/emulator.hpp"
#include "gateway/gateway.hpp"
#include "gateway/gateway_config.hpp"
#include "gateway/model_table.hpp"

namespace smp::cli {
namespace {

struct ServeFlags {
  std::string config_file;
  std::string listen = "127.0.0.1:8080";
  std::size_t threads = 0;
  bool listen_given = false;
};

// The demo models: the emulator's endpoints under their own names, reached with its demo key.
std::vector<gateway::ModelEntry> demo_models(const std::string& emulator_url) {
  const std::vector<std::pair<std::string, std::string>> common = {
      {"endpoint_url", emulator_url},
      {"aws_region", "us-east-1"},
      {"aws_access_key_id", "test"},
      {"aws_secret_access_key", "test"},
  };
  auto model = [&](std::string name, std::string type,
                   std::vector<std::pair<std::string, std::string>> extra) {
    gateway::ModelEntry entry;
    entry.name = name;
    entry.type = std::move(type);
    entry.settings = common;
    entry.settings.emplace_back("sagemaker_endpoint", name);
    for (auto& item : extra)
      entry.settings.push_back(std::move(item));
    return entry;
  };
  return {
      model("demo-chat", "llm",
            {{"function_calling_type", "stream_tool_call"},
             {"vision_support", "support"},
             {"context_length", "32768"}}),
      model("demo-embed", "text-embedding", {{"payload_format", "tei"}}),
      model("demo-rerank", "rerank", {{"payload_format", "tei"}}),
      model("demo-tts", "tts", {{"audio_model_type", "PresetVoice"}}),
      model("demo-asr", "speech2text", {{"payload_format", "whisper"}}),
  };
}

int run_serve(const ServeFlags& flags) {
  // Logs go to stderr (stdout carries the ready line); one line per request, never a body.
  spdlog::set_default_logger(spdlog::stderr_color_mt("serve"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  const auto& environment = ProcessEnvironment::instance();

  gateway::GatewayConfig config;
  std::unique_ptr<emulator::Emulator> demo;
  if (!flags.config_file.empty()) {
    auto loaded = gateway::load_gateway_config(flags.config_file, environment);
    if (!loaded) {
      std::fprintf(stderr, "serve: %s\n", loaded.error().message.c_str());
      return exit_usage;
    }
    config = std::move(*loaded);
  }
  std::string listen_text = flags.listen;
  if (!flags.listen_given && !config.listen.empty()) listen_text = config.listen;
  const auto listen = emulator::parse_listen_address(listen_text);
  if (!listen) {
    std::fprintf(stderr, "serve: --listen: %s\n", listen.error().message.c_str());
    return exit_usage;
  }

  // Block the stop signals before any server thread starts, so they inherit the mask and this
  // thread alone receives them in sigwait.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  if (flags.config_file.empty()) {
    auto created = emulator::Emulator::create(emulator::default_config(environment));
    if (!created) {
      std::fprintf(stderr, "serve: demo emulator: %s\n", created.error().message.c_str());
      return exit_other;
    }
    demo = std::move(*created);
    if (auto started = demo->start({"127.0.0.1", 0}, 1); !started) {
      std::fprintf(stderr, "serve: demo emulator: %s\n", started.error().message.c_str());
      return exit_connection;
    }
    config.models = demo_models(demo->url());
  }

  auto models = gateway::ModelTable::build(config.models);
  if (!models) {
    std::fprintf(stderr, "serve: %s\n", models.error().message.c_str());
    return exit_usage;
  }
  gateway::GatewayOptions options;
  options.host = listen->host;
  options.port = listen->port;
  options.threads = flags.threads ? flags.threads : config.threads;
  options.max_body_bytes = config.max_body_bytes;
  options.api_keys = config.api_keys;
  options.stream_keepalive = config.stream_keepalive;
  auto gateway = gateway::Gateway::create(std::move(options), std::move(*models));
  if (!gateway) {
    std::fprintf(stderr, "serve: %s\n", gateway.error().message.c_str());
    return exit_other;
  }
  if (auto started = (*gateway)->start(); !started) {
    std::fprintf(stderr, "serve: cannot listen on %s: %s\n", listen_text.c_str(),
                 started.error().message.c_str());
    return exit_connection;
  }
  const auto url = (*gateway)->url();
  std::printf("gateway listening on %s\n", url.c_str());
  if (demo) {
    std::printf(
        "These are local demo endpoints (an in-process SageMaker emulator at %s), not AWS:\n"
        "  models demo-chat (chat, tools, streaming), demo-embed (embeddings), demo-rerank,\n"
        "  demo-tts (speech) and demo-asr (transcription)\n"
        "Try:\n"
        "  curl -s %s/v1/chat/completions -H 'Content-Type: application/json' \\\n"
        "    -d "
        "'{\"model\":\"demo-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello!\"}]}'\n"
        "Point any OpenAI client at %s/v1 (any API key). Serve your own endpoints with "
        "--config (src/gateway/README.md). Ctrl-C stops.\n",
        demo->url().c_str(), url.c_str(), url.c_str());
  }
  std::fflush(stdout);
  spdlog::info("serving {} model(s) on {} with {} thread(s){}", (*gateway)->models().all().size(),
               url, (*gateway)->threads(),
               config.api_keys.empty() ? "; no API keys configured: the gateway is open" : "");

  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("{} received: draining (up to {} s)", received == SIGINT ? "SIGINT" : "SIGTERM",
               config.drain_timeout.count());
  (*gateway)->stop(config.drain_timeout);
  if (demo) demo->stop();
  spdlog::info("stopped");
  return exit_ok;
}

}  // namespace

void add_serve_command(CLI::App& root, CommandList& commands) {
  auto flags = std::make_shared<ServeFlags>();
  auto* app = root.add_subcommand(
      "serve",
      "Run the OpenAI-compatible gateway (no --config: demo models on an in-process emulator)");
  app->add_option("--config", flags->config_file,
                  "Gateway YAML (listen, api_keys, aws, models); see src/gateway/README.md")
      ->check(CLI::ExistingFile);
  auto* listen = app->add_option("--listen", flags->listen,
                                 "HOST:PORT to listen on (overrides the config); port 0 picks one")
                     ->capture_default_str();
  app->add_option("--threads", flags->threads, "Server threads (default: one per core)")
      ->check(CLI::Range(1, 256));
  commands.push_back({app, [flags, listen] {
                        flags->listen_given = listen->count() > 0;
                        return run_serve(*flags);
                      }});
}

}  // namespace smp::cli
