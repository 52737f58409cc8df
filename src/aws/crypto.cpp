#include "aws/crypto.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <cstring>
#include <new>
#include <stdexcept>

namespace smp::aws {

namespace {

// Fetched once: EVP_sha256() would look the implementation up in the provider on every init.
const EVP_MD* sha256_algorithm() {
  static EVP_MD* const md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (fetched == nullptr) throw std::runtime_error("OpenSSL has no SHA256 implementation");
    return fetched;
  }();
  return md;
}

EVP_MD_CTX* new_context() {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  if (ctx == nullptr) throw std::bad_alloc();
  return ctx;
}

void init(EVP_MD_CTX* ctx) {
  if (EVP_DigestInit_ex2(ctx, sha256_algorithm(), nullptr) != 1) {
    throw std::runtime_error("EVP_DigestInit_ex2(SHA256) failed");
  }
}

void update(EVP_MD_CTX* ctx, const void* data, std::size_t size) {
  // OpenSSL accepts (nullptr, 0); an empty std::string_view may carry nullptr.
  if (size != 0) EVP_DigestUpdate(ctx, data, size);
}

Sha256Digest finish(EVP_MD_CTX* ctx) {
  Sha256Digest out;
  unsigned int size = 0;
  EVP_DigestFinal_ex(ctx, out.data(), &size);
  return out;
}

// One reusable context per thread: creating a context costs an allocation and a provider lookup,
// which would double the cost of hashing a short string.
EVP_MD_CTX* thread_context() {
  struct Owner {
    EVP_MD_CTX* ctx = new_context();
    ~Owner() { EVP_MD_CTX_free(ctx); }
  };
  thread_local Owner owner;
  return owner.ctx;
}

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr char kBase64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

struct Sha256::Context {
  EVP_MD_CTX* ctx;
};

Sha256::Sha256() : context_(new Context{new_context()}) {
  init(context_->ctx);
}

Sha256::~Sha256() {
  EVP_MD_CTX_free(context_->ctx);
  delete context_;
}

Sha256& Sha256::update(std::string_view data) {
  aws::update(context_->ctx, data.data(), data.size());
  return *this;
}

Sha256& Sha256::update(std::span<const std::uint8_t> data) {
  aws::update(context_->ctx, data.data(), data.size());
  return *this;
}

Sha256Digest Sha256::finish() {
  Sha256Digest out = aws::finish(context_->ctx);
  init(context_->ctx);
  return out;
}

Sha256Digest sha256(std::string_view data) {
  EVP_MD_CTX* ctx = thread_context();
  init(ctx);
  update(ctx, data.data(), data.size());
  return finish(ctx);
}

Sha256Digest sha256(std::initializer_list<std::string_view> parts) {
  EVP_MD_CTX* ctx = thread_context();
  init(ctx);
  for (std::string_view part : parts)
    update(ctx, part.data(), part.size());
  return finish(ctx);
}

// RFC 2104 on top of the reusable digest context: OpenSSL 3's HMAC()/EVP_MAC re-fetch and
// re-allocate per call and cost 2-4x more for the short messages SigV4 signs.
Sha256Digest hmac_sha256(std::span<const std::uint8_t> key, std::string_view data) {
  constexpr std::size_t kBlock = 64;
  std::uint8_t block[kBlock] = {};
  if (key.size() > kBlock) {
    const Sha256Digest hashed =
        sha256(std::string_view(reinterpret_cast<const char*>(key.data()), key.size()));
    std::memcpy(block, hashed.data(), hashed.size());
  } else if (!key.empty()) {
    std::memcpy(block, key.data(), key.size());
  }
  std::uint8_t pad[kBlock];
  EVP_MD_CTX* ctx = thread_context();

  for (std::size_t i = 0; i < kBlock; ++i)
    pad[i] = block[i] ^ 0x36;
  init(ctx);
  update(ctx, pad, kBlock);
  update(ctx, data.data(), data.size());
  const Sha256Digest inner = finish(ctx);

  for (std::size_t i = 0; i < kBlock; ++i)
    pad[i] = block[i] ^ 0x5c;
  init(ctx);
  update(ctx, pad, kBlock);
  update(ctx, inner.data(), inner.size());
  const Sha256Digest out = finish(ctx);

  secure_wipe(block, sizeof block);
  secure_wipe(pad, sizeof pad);
  return out;
}

Sha256Digest hmac_sha256(std::string_view key, std::string_view data) {
  return hmac_sha256(
      std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(key.data()), key.size()),
      data);
}

void write_hex(char* out, std::span<const std::uint8_t> bytes) {
  for (std::uint8_t b : bytes) {
    *out++ = kHexDigits[b >> 4];
    *out++ = kHexDigits[b & 0x0f];
  }
}

void append_hex(std::string& out, std::span<const std::uint8_t> bytes) {
  const std::size_t start = out.size();
  out.resize(start + 2 * bytes.size());
  write_hex(out.data() + start, bytes);
}

std::string to_hex(std::span<const std::uint8_t> bytes) {
  std::string out;
  append_hex(out, bytes);
  return out;
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  const auto byte = [&](std::size_t k) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k]));
  };
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t n = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += kBase64Alphabet[(n >> 6) & 63];
    out += kBase64Alphabet[n & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    const std::uint32_t n = byte(i) << 16;
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += "==";
  } else if (rest == 2) {
    const std::uint32_t n = byte(i) << 16 | byte(i + 1) << 8;
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += kBase64Alphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    const int a = base64_value(text[i]);
    const int b = base64_value(text[i + 1]);
    if (a < 0 || b < 0) return std::nullopt;
    const char c3 = text[i + 2];
    const char c4 = text[i + 3];
    if (last && c3 == '=' && c4 == '=') {
      if ((b & 0x0f) != 0) return std::nullopt;  // non-canonical: stray bits after the data
      out += static_cast<char>(a << 2 | b >> 4);
      break;
    }
    const int c = base64_value(c3);
    if (c < 0) return std::nullopt;
    if (last && c4 == '=') {
      if ((c & 0x03) != 0) return std::nullopt;
      out += static_cast<char>(a << 2 | b >> 4);
      out += static_cast<char>((b & 0x0f) << 4 | c >> 2);
      break;
    }
    const int d = base64_value(c4);
    if (d < 0) return std::nullopt;
    out += static_cast<char>(a << 2 | b >> 4);
    out += static_cast<char>((b & 0x0f) << 4 | c >> 2);
    out += static_cast<char>((c & 0x03) << 6 | d);
  }
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
