#pragma once
// SigV4 signing keys (aws-wire.md §3.1 step 6) cached per (access key id, secret, date, region,
// service). Deriving a key costs four HMACs; a cached key turns signing into one HMAC. The key
// changes once a day, so a small bounded cache holds every key a process really uses.
//
// The secret is never stored: entries are keyed by a salted SHA-256 fingerprint of it (the salt is
// random per process), so two different secrets behind the same key id never share an entry and
// the cache holds nothing that would reveal or verify the secret outside this process.
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "aws/crypto.hpp"

namespace smp::aws {

// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
Sha256Digest derive_signing_key(std::string_view secret_access_key, std::string_view date,
                                std::string_view region, std::string_view service);

// Thread-safe. Least recently used entries go first once `capacity` is reached.
class SigningKeyCache {
 public:
  explicit SigningKeyCache(std::size_t capacity = 64);

  // The signing key for that scope; `date` is the 8-digit "YYYYMMDD" of the credential scope.
  Sha256Digest get(std::string_view access_key_id, std::string_view secret_access_key,
                   std::string_view date, std::string_view region, std::string_view service);

  // The same key, pre-keyed for HMAC: what a signer wants, two compressions cheaper per use.
  HmacSha256Key hmac_key(std::string_view access_key_id, std::string_view secret_access_key,
                         std::string_view date, std::string_view region, std::string_view service);

  std::size_t size() const;
  std::size_t capacity() const { return capacity_; }
  void clear();

  // Counters for tests and diagnostics (approximate under concurrency, never negative).
  std::uint64_t hits() const;
  std::uint64_t misses() const;

  // The process-wide cache sign_request and presign_url use unless given their own.
  static SigningKeyCache& shared();

 private:
  struct Keys {
    Sha256Digest raw;
    HmacSha256Key hmac;
  };
  struct Entry {
    Sha256Digest secret_fingerprint;
    std::string access_key_id;
    std::string date;
    std::string region;
    std::string service;
    Keys keys;
    std::uint64_t last_used = 0;
  };

  // Finds or derives the entry and returns read(entry.keys), copying only what `read` selects.
  template <class Read>
  auto lookup(std::string_view access_key_id, std::string_view secret_access_key,
              std::string_view date, std::string_view region, std::string_view service, Read read);

  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
  std::uint64_t clock_ = 0;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
};

}  // namespace smp::aws
