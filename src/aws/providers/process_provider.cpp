#include "aws/providers/process_provider.hpp"

#include <cctype>

#include "aws/providers/credentials_json.hpp"

namespace smp::aws {
namespace {

constexpr size_t kMaxStderrLine = 200;
constexpr size_t kSecretLikeLength = 20;

bool token_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/' || c == '=' ||
         c == '_' || c == '-';
}

}  // namespace

std::string sanitize_stderr_line(std::string_view text) {
  std::string_view line;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.front()))) {
      line.remove_prefix(1);
    }
    while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) {
      line.remove_suffix(1);
    }
    if (!line.empty()) break;
  }
  std::string out;
  for (size_t i = 0; i < line.size();) {
    if (token_char(line[i])) {
      size_t j = i;
      while (j < line.size() && token_char(line[j]))
        ++j;
      if (j - i >= kSecretLikeLength) {
        out += "[redacted]";
      } else {
        out.append(line.substr(i, j - i));
      }
      i = j;
    } else {
      const auto c = static_cast<unsigned char>(line[i]);
      out += (c < 0x20 || c == 0x7F) ? ' ' : line[i];
      ++i;
    }
  }
  if (out.size() > kMaxStderrLine) {
    out.resize(kMaxStderrLine);
    out += "…";
  }
  return out;
}

ProcessProvider::ProcessProvider(std::string command, std::string origin, ProcessLimits limits)
    : command_(std::move(command)), origin_(std::move(origin)), limits_(limits) {}

Result<std::shared_ptr<const Credentials>> ProcessProvider::get() {
  auto parsed = parse_command_line(command_);
  if (!parsed) {
    Error error = std::move(parsed.error());
    error.message = name() + ": " + error.message;
    return fail(std::move(error));
  }
  auto output = run_process(*parsed, command_, limits_);
  if (!output) {
    Error error = std::move(output.error());
    error.message = name() + ": " + error.message;
    return fail(std::move(error));
  }
  if (output->exit_code != 0) {
    const std::string line = sanitize_stderr_line(output->stderr_text);
    Error error =
        Error::make(ErrorKind::auth, "CredentialProcessFailed",
                    name() + " exited with " +
                        (output->exit_code < 0 ? "signal " + std::to_string(-output->exit_code)
                                               : "status " + std::to_string(output->exit_code)) +
                        (line.empty() ? std::string(" and wrote nothing to stderr") : ": " + line));
    return fail(std::move(error));
  }
  auto credentials =
      parse_credentials_json(output->stdout_text, CredentialsJsonFormat::process, name());
  if (!credentials) return fail(std::move(credentials.error()));
  credentials->source = name();
  return std::make_shared<const Credentials>(std::move(*credentials));
}

}  // namespace smp::aws
