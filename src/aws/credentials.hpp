#pragma once
// An immutable set of AWS credentials. Providers hand these out as shared snapshots
// (std::shared_ptr<const Credentials>), so a refresh never changes a value a request is using.
#include <optional>
#include <string>

#include "base/clock.hpp"

namespace smp::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;             // empty for long-term keys
  std::optional<SystemTime> expiration;  // none: does not expire
  std::string source;                    // where they came from, for `check` ("environment", ...)
  std::string account_id;                // when the source tells (STS, credential_process)

  bool temporary() const { return !session_token.empty(); }
  bool expired_at(SystemTime now) const { return expiration && *expiration <= now; }
  // "AKID…1234" style: safe to log. Never log the secret or the token.
  std::string redacted_key_id() const;
};

}  // namespace smp::aws
