#pragma once
// The few cryptographic primitives SigV4 and the emulator need: SHA-256, HMAC-SHA256 and a
// constant-time comparison (hex and base64 are in base/). Backed by OpenSSL 3's SHA-256 block
// functions (SHA-NI/AVX2 where the CPU has them); every call is thread-safe and none allocates.
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/hex.hpp"

namespace smp::aws {

inline constexpr std::size_t kSha256Size = 32;
using Sha256Digest = std::array<std::uint8_t, kSha256Size>;

// OpenSSL's SHA256_CTX as opaque bytes (its size is checked in crypto.cpp), so that hashers and
// pre-keyed HMAC states live inline and copy like values.
struct Sha256State {
  alignas(8) std::array<std::uint8_t, 112> bytes;
};

// Incremental SHA-256 for data that arrives in pieces (a canonical request built in parts, a
// body read in chunks). Copying one forks the hash: both continue from the same prefix.
class Sha256 {
 public:
  Sha256();

  Sha256& update(std::string_view data);
  Sha256& update(std::span<const std::uint8_t> data);
  // Returns the digest and resets the hasher for reuse.
  Sha256Digest finish();

 private:
  Sha256State state_;
};

Sha256Digest sha256(std::string_view data);
// The digest of the concatenation of `parts`, without building it.
Sha256Digest sha256(std::initializer_list<std::string_view> parts);
Sha256Digest hmac_sha256(std::span<const std::uint8_t> key, std::string_view data);
Sha256Digest hmac_sha256(std::string_view key, std::string_view data);

// An HMAC-SHA256 key with its inner and outer padded blocks already hashed (RFC 2104 §4): a MAC
// then costs two compressions fewer than hmac_sha256, which matters when the same key signs every
// request (a SigV4 signing key). Holds key material: wiped when destroyed.
class HmacSha256Key {
 public:
  explicit HmacSha256Key(std::span<const std::uint8_t> key);
  HmacSha256Key(const HmacSha256Key&) = default;
  HmacSha256Key& operator=(const HmacSha256Key&) = default;
  ~HmacSha256Key();

  Sha256Digest mac(std::string_view data) const;

 private:
  Sha256State inner_;
  Sha256State outer_;
};

// The digest in lowercase hex, as SigV4 writes hashes and signatures.
inline std::string sha256_hex(std::string_view data) {
  return to_hex(sha256(data));
}

// Zeroes memory that held key material, in a way the optimiser may not drop as a dead store.
void secure_wipe(void* data, std::size_t size);

// Compares without an early exit on the first differing byte, so the time taken does not tell an
// attacker how much of a guessed signature was right. Lengths are not secret.
bool constant_time_equals(std::string_view a, std::string_view b);

}  // namespace smp::aws
