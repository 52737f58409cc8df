#include "aws/crypto.hpp"

// OpenSSL 3 deprecates the SHA256_* block functions in favour of EVP, but EVP costs 40-80 ns of
// provider dispatch per digest: as much again as hashing a 64-byte message with SHA-NI, and
// SigV4 hashes short strings on every request. The block functions run the same assembly and
// will stay for the whole 3.x series; this file is the only user.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <cstring>

namespace smp::aws {

namespace {

static_assert(sizeof(SHA256_CTX) == sizeof(Sha256State), "Sha256State must image SHA256_CTX");
static_assert(alignof(SHA256_CTX) <= alignof(Sha256State));

SHA256_CTX* context(Sha256State& state) {
  return reinterpret_cast<SHA256_CTX*>(state.bytes.data());
}

void init(Sha256State& state) {
  SHA256_Init(context(state));
}

void update(Sha256State& state, const void* data, std::size_t size) {
  // An empty std::string_view may carry nullptr.
  if (size != 0) SHA256_Update(context(state), data, size);
}

Sha256Digest finish(Sha256State& state) {
  Sha256Digest out;
  SHA256_Final(out.data(), context(state));
  return out;
}

constexpr std::size_t kHmacBlock = 64;

// The key as one zero-padded block (hashed first when longer than a block).
std::array<std::uint8_t, kHmacBlock> hmac_key_block(std::span<const std::uint8_t> key) {
  std::array<std::uint8_t, kHmacBlock> block{};
  if (key.size() > kHmacBlock) {
    const Sha256Digest hashed =
        sha256(std::string_view(reinterpret_cast<const char*>(key.data()), key.size()));
    std::memcpy(block.data(), hashed.data(), hashed.size());
  } else if (!key.empty()) {
    std::memcpy(block.data(), key.data(), key.size());
  }
  return block;
}

// A SHA-256 state that has absorbed key XOR pad.
void absorb_padded_key(Sha256State& state, const std::array<std::uint8_t, kHmacBlock>& block,
                       std::uint8_t pad_byte) {
  std::array<std::uint8_t, kHmacBlock> pad;
  for (std::size_t i = 0; i < kHmacBlock; ++i)
    pad[i] = block[i] ^ pad_byte;
  init(state);
  update(state, pad.data(), pad.size());
  secure_wipe(pad.data(), pad.size());
}

}  // namespace

Sha256::Sha256() {
  init(state_);
}

Sha256& Sha256::update(std::string_view data) {
  aws::update(state_, data.data(), data.size());
  return *this;
}

Sha256& Sha256::update(std::span<const std::uint8_t> data) {
  aws::update(state_, data.data(), data.size());
  return *this;
}

Sha256Digest Sha256::finish() {
  Sha256Digest out = aws::finish(state_);
  init(state_);
  return out;
}

Sha256Digest sha256(std::string_view data) {
  Sha256State state;
  init(state);
  update(state, data.data(), data.size());
  return finish(state);
}

Sha256Digest sha256(std::initializer_list<std::string_view> parts) {
  Sha256State state;
  init(state);
  for (std::string_view part : parts)
    update(state, part.data(), part.size());
  return finish(state);
}

Sha256Digest hmac_sha256(std::span<const std::uint8_t> key, std::string_view data) {
  return HmacSha256Key(key).mac(data);
}

Sha256Digest hmac_sha256(std::string_view key, std::string_view data) {
  return hmac_sha256(
      std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(key.data()), key.size()),
      data);
}

HmacSha256Key::HmacSha256Key(std::span<const std::uint8_t> key) {
  std::array<std::uint8_t, kHmacBlock> block = hmac_key_block(key);
  absorb_padded_key(inner_, block, 0x36);
  absorb_padded_key(outer_, block, 0x5c);
  secure_wipe(block.data(), block.size());
}

HmacSha256Key::~HmacSha256Key() {
  secure_wipe(&inner_, sizeof inner_);
  secure_wipe(&outer_, sizeof outer_);
}

Sha256Digest HmacSha256Key::mac(std::string_view data) const {
  Sha256State state = inner_;
  update(state, data.data(), data.size());
  const Sha256Digest inner_digest = finish(state);
  state = outer_;
  update(state, inner_digest.data(), inner_digest.size());
  const Sha256Digest out = finish(state);
  secure_wipe(&state, sizeof state);
  return out;
}

// memset plus a compiler barrier that claims to read the memory: the stores cannot be removed as
// dead, and the cost is that of memset (OPENSSL_cleanse goes through a volatile function pointer
// and was a visible share of signing time).
void secure_wipe(void* data, std::size_t size) {
  std::memset(data, 0, size);
  __asm__ __volatile__("" : : "r"(data) : "memory");
}

bool constant_time_equals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace smp::aws
