#pragma once
// Providers shared across requests, keyed by the full identity of the credentials they produce,
// so two tenants (two Dify workspaces, two gateway keys) can never get each other's credentials,
// and a changed secret or token never reuses an entry built from the old one. Secrets enter the
// key only as HMAC-SHA256 under a per-cache random key, so the key is safe to keep in memory and
// says nothing about the secret.
// Bounded: least recently used entries are dropped beyond `capacity`, and entries unused for
// `idle_ttl` are dropped on the next lookup. Thread-safe.
#include <chrono>
#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "aws/credentials_spec.hpp"
#include "base/clock.hpp"

namespace smp::aws {

class CredentialsCache {
 public:
  explicit CredentialsCache(const Clock& clock, size_t capacity = 256,
                            std::chrono::seconds idle_ttl = std::chrono::hours(6));

  // The cached providers for this spec, or builds them (build_credentials) on a miss. A failed
  // build is not cached.
  Result<BuiltCredentials> get_or_build(const CredentialsSpec& spec,
                                        const CredentialsContext& context);

  // The identity key of a spec (exposed for tests: equal keys ⇔ same credentials).
  std::string key_for(const CredentialsSpec& spec) const;

  size_t size() const;
  void clear();

 private:
  struct Entry {
    std::string key;
    BuiltCredentials built;
    SystemTime last_used;
  };
  void evict_locked(SystemTime now);

  const Clock& clock_;
  const size_t capacity_;
  const std::chrono::seconds idle_ttl_;
  std::string hmac_key_;  // random per cache

  mutable std::mutex mutex_;
  std::list<Entry> lru_;  // front: most recently used
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace smp::aws
