#include "aws/signing_key_cache.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <random>

namespace smp::aws {

namespace {

// Random per process, so a fingerprint seen in a core dump cannot be matched against a guessed
// secret offline, and is useless in any other process. 8 bytes keep salt + a 40-character secret
// within one SHA-256 block: the fingerprint is computed on every lookup.
std::string_view fingerprint_salt() {
  static const std::array<char, 8> salt = [] {
    std::array<char, 8> bytes{};
    if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size()) != 1) {
      std::random_device device;
      for (char& b : bytes)
        b = static_cast<char>(device());
    }
    return bytes;
  }();
  return {salt.data(), salt.size()};
}

Sha256Digest fingerprint(std::string_view secret) {
  return sha256({fingerprint_salt(), secret});
}

}  // namespace

Sha256Digest derive_signing_key(std::string_view secret_access_key, std::string_view date,
                                std::string_view region, std::string_view service) {
  // Intermediate keys and the "AWS4" + secret seed are wiped once used, so no copy of the secret
  // (or a key that stands for it) outlives the call.
  std::string seed;
  seed.reserve(4 + secret_access_key.size());
  seed += "AWS4";
  seed += secret_access_key;
  Sha256Digest k_date = hmac_sha256(seed, date);
  secure_wipe(seed.data(), seed.size());
  Sha256Digest k_region = hmac_sha256(k_date, region);
  Sha256Digest k_service = hmac_sha256(k_region, service);
  const Sha256Digest k_signing = hmac_sha256(k_service, "aws4_request");
  secure_wipe(k_date.data(), k_date.size());
  secure_wipe(k_region.data(), k_region.size());
  secure_wipe(k_service.data(), k_service.size());
  return k_signing;
}

SigningKeyCache::SigningKeyCache(std::size_t capacity)
    : capacity_(std::max<std::size_t>(1, capacity)) {
  entries_.reserve(capacity_);
}

template <class Read>
auto SigningKeyCache::lookup(std::string_view access_key_id, std::string_view secret_access_key,
                             std::string_view date, std::string_view region,
                             std::string_view service, Read read) {
  const Sha256Digest secret_id = fingerprint(secret_access_key);
  const auto matches = [&](const Entry& e) {
    return e.date == date && e.access_key_id == access_key_id && e.region == region &&
           e.service == service && e.secret_fingerprint == secret_id;
  };
  {
    std::lock_guard lock(mutex_);
    for (Entry& entry : entries_) {
      if (matches(entry)) {
        entry.last_used = ++clock_;
        ++hits_;
        return read(entry.keys);
      }
    }
    ++misses_;
  }
  // Derived outside the lock so that a miss on one scope does not stall signers of another.
  const Sha256Digest raw = derive_signing_key(secret_access_key, date, region, service);
  Keys derived{raw, HmacSha256Key(raw)};

  std::lock_guard lock(mutex_);
  // Another thread may have derived the same key meanwhile; keep one entry.
  if (std::none_of(entries_.begin(), entries_.end(), matches)) {
    if (entries_.size() >= capacity_) {
      const auto oldest = std::min_element(
          entries_.begin(), entries_.end(),
          [](const Entry& a, const Entry& b) { return a.last_used < b.last_used; });
      entries_.erase(oldest);
    }
    entries_.push_back(Entry{secret_id, std::string(access_key_id), std::string(date),
                             std::string(region), std::string(service), derived, ++clock_});
  }
  return read(derived);
}

Sha256Digest SigningKeyCache::get(std::string_view access_key_id,
                                  std::string_view secret_access_key, std::string_view date,
                                  std::string_view region, std::string_view service) {
  return lookup(access_key_id, secret_access_key, date, region, service,
                [](const Keys& keys) { return keys.raw; });
}

HmacSha256Key SigningKeyCache::hmac_key(std::string_view access_key_id,
                                        std::string_view secret_access_key, std::string_view date,
                                        std::string_view region, std::string_view service) {
  return lookup(access_key_id, secret_access_key, date, region, service,
                [](const Keys& keys) { return keys.hmac; });
}

std::size_t SigningKeyCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

void SigningKeyCache::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

std::uint64_t SigningKeyCache::hits() const {
  std::lock_guard lock(mutex_);
  return hits_;
}

std::uint64_t SigningKeyCache::misses() const {
  std::lock_guard lock(mutex_);
  return misses_;
}

SigningKeyCache& SigningKeyCache::shared() {
  static SigningKeyCache cache;
  return cache;
}

}  // namespace smp::aws
