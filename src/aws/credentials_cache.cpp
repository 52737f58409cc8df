#include "aws/credentials_cache.hpp"

#include <random>

#include "aws/crypto.hpp"

namespace smp::aws {
namespace {

// Length-prefixed fields: no value can imitate a field boundary ("a|b" vs "a" + "b").
void add_field(std::string& key, std::string_view name, std::string_view value) {
  key += name;
  key += '=';
  key += std::to_string(value.size());
  key += ':';
  key += value;
  key += ';';
}

std::string random_key() {
  std::random_device device;
  std::string key(32, '\0');
  for (auto& c : key)
    c = static_cast<char>(device() & 0xFF);
  return key;
}

}  // namespace

CredentialsCache::CredentialsCache(const Clock& clock, size_t capacity,
                                   std::chrono::seconds idle_ttl)
    : clock_(clock),
      capacity_(std::max<size_t>(1, capacity)),
      idle_ttl_(idle_ttl),
      hmac_key_(random_key()) {}

std::string CredentialsCache::key_for(const CredentialsSpec& spec) const {
  const auto digest = [&](std::string_view secret) {
    return secret.empty() ? std::string() : to_hex(hmac_sha256(hmac_key_, secret));
  };
  std::string key;
  add_field(key, "akid", spec.access_key_id);
  add_field(key, "secret", digest(spec.secret_access_key));
  add_field(key, "token", digest(spec.session_token));
  add_field(key, "profile", spec.profile);
  add_field(key, "role", spec.role_arn);
  add_field(key, "external_id", spec.external_id);
  add_field(key, "session", spec.role_session_name);
  add_field(key, "duration",
            spec.duration_seconds ? std::to_string(*spec.duration_seconds) : std::string());
  add_field(key, "region", spec.region);
  add_field(key, "sts_endpoint", spec.sts_endpoint_url);
  add_field(key, "model_type", spec.model_type);
  return key;
}

void CredentialsCache::evict_locked(SystemTime now) {
  while (!lru_.empty() && (lru_.size() > capacity_ || now - lru_.back().last_used > idle_ttl_)) {
    index_.erase(lru_.back().key);
    lru_.pop_back();
  }
}

Result<BuiltCredentials> CredentialsCache::get_or_build(const CredentialsSpec& spec,
                                                        const CredentialsContext& context) {
  std::string key = key_for(spec);
  const SystemTime now = clock_.now();
  std::lock_guard lock(mutex_);
  evict_locked(now);
  if (auto it = index_.find(key); it != index_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second);
    it->second->last_used = now;
    return it->second->built;
  }
  // Building does no I/O (providers fetch on first get()), so holding the lock is cheap and keeps
  // two threads from building twice.
  auto built = build_credentials(spec, context);
  if (!built) return built;
  lru_.push_front(Entry{key, *built, now});
  index_.emplace(std::move(key), lru_.begin());
  evict_locked(now);
  return built;
}

size_t CredentialsCache::size() const {
  std::lock_guard lock(mutex_);
  return lru_.size();
}

void CredentialsCache::clear() {
  std::lock_guard lock(mutex_);
  lru_.clear();
  index_.clear();
}

}  // namespace smp::aws
