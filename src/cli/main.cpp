// sagemaker-provider: one binary, several front doors (see README.md).
#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/command.hpp"

int main(int argc, char** argv) {
  CLI::App app{"sagemaker-provider: use models hosted on Amazon SageMaker endpoints"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "sagemaker-provider 0.1.0");

  smp::cli::CommandList commands;
  smp::cli::add_invoke_command(app, commands);
  smp::cli::add_check_command(app, commands);
  smp::cli::add_chat_command(app, commands);
  smp::cli::add_embed_command(app, commands);
  smp::cli::add_rerank_command(app, commands);
  smp::cli::add_tts_command(app, commands);
  smp::cli::add_transcribe_command(app, commands);
  smp::cli::add_emulate_command(app, commands);
  smp::cli::add_serve_command(app, commands);
  smp::cli::add_dify_command(app, commands);
  smp::cli::add_package_command(app, commands);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : smp::cli::exit_usage;
  }
  for (const auto& command : commands) {
    if (command.app->parsed()) return command.run();
  }
  return smp::cli::exit_usage;
}
