#pragma once
// credential_process (aws-wire.md §5.4): runs the profile's command and reads Version 1 JSON
// from its stdout. A non-zero exit, bad JSON or a timeout is an error whose message carries at
// most one sanitized line of stderr (long token-like words are masked: helpers sometimes print
// secrets there) and never any of stdout.
#include <string>

#include "aws/credentials_provider.hpp"
#include "aws/providers/process_runner.hpp"

namespace smp::aws {

class ProcessProvider final : public CredentialsProvider {
 public:
  // `origin` names the configuration in messages ("profile dev").
  ProcessProvider(std::string command, std::string origin, ProcessLimits limits = {});

  Result<std::shared_ptr<const Credentials>> get() override;
  std::string name() const override { return "credential_process of " + origin_; }

 private:
  std::string command_;
  std::string origin_;
  ProcessLimits limits_;
};

// The first non-empty line, at most 200 characters, with words of 20+ characters from the
// base64/hex alphabets replaced by "[redacted]".
std::string sanitize_stderr_line(std::string_view stderr_text);

}  // namespace smp::aws
