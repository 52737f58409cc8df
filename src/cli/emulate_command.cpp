// `sagemaker-provider emulate`: placeholder until the emulator lands (issue 3).
#include "cli/command.hpp"

namespace smp::cli {

void add_emulate_command(CLI::App& root, CommandList& commands) {
  auto* app = root.add_subcommand("emulate", "Run the local SageMaker runtime + STS + S3 emulator");
  commands.push_back({app, [] {
                        std::fputs("emulate: not built yet\n", stderr);
                        return exit_other;
                      }});
}

}  // namespace smp::cli
