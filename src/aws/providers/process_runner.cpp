#include "aws/providers/process_runner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace smp::aws {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Unquoted characters that mean the user wrote shell syntax rather than a plain command.
bool is_shell_syntax(char c) {
  return std::strchr("|&;<>()$`*?[]{}!#", c) != nullptr;
}

struct Pipe {
  int read_end = -1;
  int write_end = -1;
  ~Pipe() {
    if (read_end >= 0) ::close(read_end);
    if (write_end >= 0) ::close(write_end);
  }
  bool open() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;
    read_end = fds[0];
    write_end = fds[1];
    return true;
  }
};

Error process_error(ErrorKind kind, std::string code, std::string message) {
  return Error::make(kind, std::move(code), std::move(message));
}

}  // namespace

Result<ParsedCommand> parse_command_line(std::string_view command) {
  ParsedCommand out;
  std::string word;
  bool in_word = false;
  for (size_t i = 0; i < command.size(); ++i) {
    const char c = command[i];
    if (is_blank(c)) {
      if (in_word) out.argv.push_back(std::move(word));
      word.clear();
      in_word = false;
      continue;
    }
    if (c == '\'') {
      const size_t close = command.find('\'', i + 1);
      if (close == std::string_view::npos) {
        return fail(ErrorKind::invalid_argument, "InvalidCredentialProcess",
                    "credential_process has an unterminated single quote");
      }
      word.append(command.substr(i + 1, close - i - 1));
      in_word = true;
      i = close;
      continue;
    }
    if (c == '"') {
      size_t j = i + 1;
      for (; j < command.size() && command[j] != '"'; ++j) {
        if (command[j] == '\\' && j + 1 < command.size() &&
            std::strchr("\\\"$`\n", command[j + 1]) != nullptr) {
          ++j;
        } else if (command[j] == '$' || command[j] == '`') {
          out.needs_shell = true;  // expansion inside double quotes
        }
        word += command[j];
      }
      if (j >= command.size()) {
        return fail(ErrorKind::invalid_argument, "InvalidCredentialProcess",
                    "credential_process has an unterminated double quote");
      }
      in_word = true;
      i = j;
      continue;
    }
    if (c == '\\') {
      if (i + 1 >= command.size()) {
        return fail(ErrorKind::invalid_argument, "InvalidCredentialProcess",
                    "credential_process ends with a backslash");
      }
      word += command[++i];
      in_word = true;
      continue;
    }
    if (is_shell_syntax(c) || (c == '~' && !in_word)) out.needs_shell = true;
    word += c;
    in_word = true;
  }
  if (in_word) out.argv.push_back(std::move(word));
  if (out.argv.empty()) {
    return fail(ErrorKind::invalid_argument, "InvalidCredentialProcess",
                "credential_process is empty");
  }
  return out;
}

Result<ProcessOutput> run_process(const ParsedCommand& command, std::string_view original,
                                  const ProcessLimits& limits) {
  std::vector<std::string> argv_storage =
      command.needs_shell ? std::vector<std::string>{"/bin/sh", "-c", std::string(original)}
                          : command.argv;
  std::vector<char*> argv;
  for (auto& arg : argv_storage)
    argv.push_back(arg.data());
  argv.push_back(nullptr);

  Pipe out_pipe, err_pipe;
  if (!out_pipe.open() || !err_pipe.open()) {
    return fail(process_error(ErrorKind::internal, "CredentialProcessSpawn",
                              std::string("cannot create pipes: ") + std::strerror(errno)));
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe.write_end, 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe.write_end, 2);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attributes, 0);
  sigset_t no_signals, default_signals;
  sigemptyset(&no_signals);
  posix_spawnattr_setsigmask(&attributes, &no_signals);
  sigemptyset(&default_signals);
  sigaddset(&default_signals, SIGPIPE);
  posix_spawnattr_setsigdefault(&attributes, &default_signals);

  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, argv[0], &actions, &attributes, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (spawned != 0) {
    return fail(process_error(
        ErrorKind::auth, "CredentialProcessSpawn",
        "credential_process could not start '" + argv_storage[0] + "': " + std::strerror(spawned)));
  }
  ::close(out_pipe.write_end);
  out_pipe.write_end = -1;
  ::close(err_pipe.write_end);
  err_pipe.write_end = -1;

  ProcessOutput output;
  const auto deadline = std::chrono::steady_clock::now() + limits.timeout;
  pollfd fds[2] = {{out_pipe.read_end, POLLIN, 0}, {err_pipe.read_end, POLLIN, 0}};
  int open_streams = 2;
  bool timed_out = false;
  char buffer[8192];
  while (open_streams > 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    const int ready = ::poll(fds, 2, static_cast<int>(std::min<long long>(left.count(), 1 << 30)));
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        fds[i].fd = -1;  // EOF (the pipe object still closes the descriptor)
        --open_streams;
        continue;
      }
      std::string& sink = i == 0 ? output.stdout_text : output.stderr_text;
      const size_t cap = i == 0 ? limits.max_stdout : limits.max_stderr;
      if (i == 0 && sink.size() + static_cast<size_t>(n) > cap) {
        ::kill(-pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
        return fail(process_error(
            ErrorKind::auth, "CredentialProcessOutputTooLarge",
            "credential_process wrote more than " + std::to_string(cap) + " bytes to stdout"));
      }
      sink.append(buffer, std::min(static_cast<size_t>(n), cap - std::min(cap, sink.size())));
    }
  }

  if (timed_out) {
    ::kill(-pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    return fail(process_error(
        ErrorKind::timeout, "CredentialProcessTimeout",
        "credential_process did not finish within " +
            std::to_string(
                std::chrono::duration_cast<std::chrono::milliseconds>(limits.timeout).count()) +
            " ms and was stopped"));
  }

  // The streams are closed; wait for the exit, still under the deadline (a child may close its
  // output and linger).
  int status = 0;
  while (true) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid || (done < 0 && errno != EINTR)) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return fail(process_error(ErrorKind::timeout, "CredentialProcessTimeout",
                                "credential_process closed its output but did not exit in time "
                                "and was stopped"));
    }
    ::usleep(2000);
  }
  if (WIFEXITED(status)) {
    output.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    output.exit_code = -WTERMSIG(status);
  }
  return output;
}

}  // namespace smp::aws
