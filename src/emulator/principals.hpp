#pragma once
// Who is calling: the long-term identities of the config and the temporary sessions STS issued.
// The store maps an access key id to its secret, its session token and expiry, and the principal
// (ARN, account, allow list) requests signed with it act as. Issued sessions are kept after they
// expire so a late request gets ExpiredToken rather than "unknown key", as on AWS.
//
// Threading: all members are safe to call concurrently (a shared mutex guards the map).
#include <cstddef>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/clock.hpp"
#include "emulator/config.hpp"
#include "emulator/policy.hpp"

namespace smp::emulator {

struct Principal {
  enum class Type { user, assumed_role };
  Type type = Type::user;
  std::string arn;  // arn:aws:iam::ACCT:user/NAME or arn:aws:sts::ACCT:assumed-role/ROLE/SESSION
  std::string account;
  std::string user_id;   // GetCallerIdentity UserId: "AIDA…" or "AROA…:SESSION"
  std::string role_arn;  // assumed roles
  std::string access_key_id;
  std::shared_ptr<const Policy> policy;
};

struct KeyRecord {
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  std::optional<SystemTime> expiration;
  std::shared_ptr<const Principal> principal;
};

struct IssuedCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;
  SystemTime expiration;
  std::shared_ptr<const Principal> principal;
};

// Deterministic IAM unique ids ("AIDA" + 17, "AROA" + 17 characters) from a stable name, so the
// same config always answers GetCallerIdentity the same way.
std::string stable_unique_id(std::string_view prefix, std::string_view seed);

class CredentialStore {
 public:
  explicit CredentialStore(const Clock& clock, std::size_t max_sessions = 100000)
      : clock_(clock), max_sessions_(max_sessions) {}

  void add_identity(const IdentityConfig& identity, std::string_view default_account);
  IssuedCredentials issue_session(const RoleConfig& role, std::shared_ptr<const Policy> policy,
                                  std::string_view session_name, std::chrono::seconds lifetime);
  std::optional<KeyRecord> find(std::string_view access_key_id) const;

 private:
  void prune_locked(SystemTime now);

  const Clock& clock_;
  std::size_t max_sessions_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, KeyRecord> keys_;
  std::size_t session_count_ = 0;
};

}  // namespace smp::emulator
