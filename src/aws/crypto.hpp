#pragma once
// The few cryptographic primitives SigV4 and the emulator need: SHA-256, HMAC-SHA256, hex, base64
// and a constant-time comparison. Backed by OpenSSL 3; every call is thread-safe (per-thread
// digest contexts are reused, so the hot path performs no allocation).
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace smp::aws {

inline constexpr std::size_t kSha256Size = 32;
using Sha256Digest = std::array<std::uint8_t, kSha256Size>;

// Incremental SHA-256 for data that arrives in pieces (a canonical request built in parts, a
// body read in chunks). Not copyable: it owns an OpenSSL context.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  Sha256& update(std::string_view data);
  Sha256& update(std::span<const std::uint8_t> data);
  // Returns the digest and resets the hasher for reuse.
  Sha256Digest finish();

 private:
  struct Context;
  Context* context_;
};

Sha256Digest sha256(std::string_view data);
// The digest of the concatenation of `parts`, without building it.
Sha256Digest sha256(std::initializer_list<std::string_view> parts);
Sha256Digest hmac_sha256(std::span<const std::uint8_t> key, std::string_view data);
Sha256Digest hmac_sha256(std::string_view key, std::string_view data);

// Lowercase hex, as SigV4 writes hashes and signatures.
std::string to_hex(std::span<const std::uint8_t> bytes);
void append_hex(std::string& out, std::span<const std::uint8_t> bytes);
// Writes exactly 2 * bytes.size() characters at `out`.
void write_hex(char* out, std::span<const std::uint8_t> bytes);
inline std::string sha256_hex(std::string_view data) {
  return to_hex(sha256(data));
}

// Standard alphabet with '=' padding (RFC 4648 §4).
std::string base64_encode(std::string_view bytes);
// Strict: padding required, no whitespace, no URL-safe alphabet. nullopt on any violation.
std::optional<std::string> base64_decode(std::string_view text);

// Zeroes memory that held key material, in a way the optimiser may not drop as a dead store.
void secure_wipe(void* data, std::size_t size);

// Compares without an early exit on the first differing byte, so the time taken does not tell an
// attacker how much of a guessed signature was right. Lengths are not secret.
bool constant_time_equals(std::string_view a, std::string_view b);

}  // namespace smp::aws
