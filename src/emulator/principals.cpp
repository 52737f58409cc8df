#include "emulator/principals.hpp"

#include <mutex>

#include "emulator/ids.hpp"

namespace smp::emulator {

std::string stable_unique_id(std::string_view prefix, std::string_view seed) {
  // FNV-1a, re-mixed per character: stable across runs and platforms, no crypto needed.
  constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  std::uint64_t h = 14695981039346656037ull;
  for (unsigned char c : seed)
    h = (h ^ c) * 1099511628211ull;
  std::string out(prefix);
  for (int i = 0; i < 17; ++i) {
    h = (h ^ static_cast<std::uint64_t>(i)) * 1099511628211ull;
    h ^= h >> 29;
    out.push_back(alphabet[h % alphabet.size()]);
  }
  return out;
}

void CredentialStore::add_identity(const IdentityConfig& identity,
                                   std::string_view default_account) {
  auto principal = std::make_shared<Principal>();
  principal->type = Principal::Type::user;
  principal->account = identity.account.empty() ? std::string(default_account) : identity.account;
  principal->arn = "arn:aws:iam::" + principal->account + ":user/" + identity.name;
  principal->user_id = stable_unique_id("AIDA", principal->arn);
  principal->access_key_id = identity.access_key_id;
  principal->policy = std::make_shared<const Policy>(identity.policy);
  std::unique_lock lock(mutex_);
  keys_[identity.access_key_id] =
      KeyRecord{identity.secret_access_key, {}, std::nullopt, std::move(principal)};
}

IssuedCredentials CredentialStore::issue_session(const RoleConfig& role,
                                                 std::shared_ptr<const Policy> policy,
                                                 std::string_view session_name,
                                                 std::chrono::seconds lifetime) {
  IssuedCredentials issued;
  issued.access_key_id = make_temporary_key_id();
  issued.secret_access_key = make_secret_access_key();
  issued.session_token = make_session_token();
  const auto now = clock_.now();
  issued.expiration = now + lifetime;

  auto principal = std::make_shared<Principal>();
  principal->type = Principal::Type::assumed_role;
  principal->account = role.account();
  principal->role_arn = role.arn;
  const auto partition = role.arn.substr(4, role.arn.find(':', 4) - 4);
  principal->arn = "arn:" + partition + ":sts::" + principal->account + ":assumed-role/" +
                   role.name() + "/" + std::string(session_name);
  principal->user_id = stable_unique_id("AROA", role.arn) + ":" + std::string(session_name);
  principal->access_key_id = issued.access_key_id;
  principal->policy = std::move(policy);
  issued.principal = principal;

  std::unique_lock lock(mutex_);
  if (session_count_ >= max_sessions_) prune_locked(now);
  keys_[issued.access_key_id] =
      KeyRecord{issued.secret_access_key, issued.session_token, issued.expiration, principal};
  ++session_count_;
  return issued;
}

std::optional<KeyRecord> CredentialStore::find(std::string_view access_key_id) const {
  std::shared_lock lock(mutex_);
  const auto it = keys_.find(std::string(access_key_id));
  if (it == keys_.end()) return std::nullopt;
  return it->second;
}

void CredentialStore::prune_locked(SystemTime now) {
  // Expired sessions go first; if the store is still full, the oldest-expiring ones.
  for (auto it = keys_.begin(); it != keys_.end();) {
    if (it->second.expiration && *it->second.expiration <= now) {
      it = keys_.erase(it);
      --session_count_;
    } else {
      ++it;
    }
  }
  while (session_count_ >= max_sessions_) {
    auto oldest = keys_.end();
    for (auto it = keys_.begin(); it != keys_.end(); ++it)
      if (it->second.expiration &&
          (oldest == keys_.end() || *it->second.expiration < *oldest->second.expiration))
        oldest = it;
    if (oldest == keys_.end()) break;
    keys_.erase(oldest);
    --session_count_;
  }
}

}  // namespace smp::emulator
