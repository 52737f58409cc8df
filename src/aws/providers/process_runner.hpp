#pragma once
// Runs a credential_process command (aws-wire.md §5.4) and captures its output, with a deadline.
// The command line is split like a POSIX shell would split words (quotes, backslashes) and run
// directly; only when it uses shell syntax (pipes, redirections, $VAR, ~, globs, ;, &) is it run
// through /bin/sh -c, as the Go and Java SDKs always do. The child gets its own process group so a
// timeout kills the whole tree.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"

namespace smp::aws {

struct ParsedCommand {
  std::vector<std::string> argv;  // when direct
  bool needs_shell = false;       // run `/bin/sh -c <command>` instead
};

// Errors: an empty command, an unterminated quote, a trailing backslash.
Result<ParsedCommand> parse_command_line(std::string_view command);

struct ProcessOutput {
  int exit_code = 0;        // -N when killed by signal N
  std::string stdout_text;  // at most max_stdout bytes
  std::string stderr_text;  // at most max_stderr bytes (the rest is dropped)
};

struct ProcessLimits {
  std::chrono::milliseconds timeout{60'000};
  size_t max_stdout = 1024 * 1024;
  size_t max_stderr = 16 * 1024;
};

// Spawn failures (no such program) and timeouts are errors; a non-zero exit is not (the caller
// decides what it means). stdin is /dev/null.
Result<ProcessOutput> run_process(const ParsedCommand& command, std::string_view original,
                                  const ProcessLimits& limits);

}  // namespace smp::aws
