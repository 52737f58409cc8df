#pragma once
// Each subcommand lives in its own file and registers itself here: it adds a CLI11 subcommand
// with its options and returns what to run once the arguments are parsed.
#include <CLI/CLI.hpp>
#include <functional>
#include <vector>

namespace smp::cli {

// Exit codes shared by every subcommand (README "Exit codes").
enum ExitCode : int {
  exit_ok = 0,
  exit_other = 1,
  exit_usage = 2,
  exit_auth = 3,
  exit_not_found = 4,
  exit_unavailable = 5,
  exit_model = 6,
  exit_connection = 7,
};

struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};

using CommandList = std::vector<Command>;

void add_emulate_command(CLI::App& root, CommandList& commands);
void add_invoke_command(CLI::App& root, CommandList& commands);
void add_check_command(CLI::App& root, CommandList& commands);
void add_chat_command(CLI::App& root, CommandList& commands);
void add_embed_command(CLI::App& root, CommandList& commands);
void add_rerank_command(CLI::App& root, CommandList& commands);
void add_tts_command(CLI::App& root, CommandList& commands);
void add_transcribe_command(CLI::App& root, CommandList& commands);
void add_serve_command(CLI::App& root, CommandList& commands);
void add_dify_command(CLI::App& root, CommandList& commands);
void add_package_command(CLI::App& root, CommandList& commands);

}  // namespace smp::cli
