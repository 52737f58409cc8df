#include "emulator/ids.hpp"

#include <openssl/rand.h>

#include <array>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

namespace smp::emulator {
namespace {

std::vector<unsigned char> secure_bytes(std::size_t n) {
  std::vector<unsigned char> bytes(n);
  if (RAND_bytes(bytes.data(), static_cast<int>(n)) != 1)
    throw std::runtime_error("RAND_bytes failed");
  return bytes;
}

std::string from_alphabet(std::string_view alphabet, std::size_t n) {
  // Rejection sampling keeps every character equally likely.
  const unsigned limit = 256 - (256 % alphabet.size());
  std::string out;
  out.reserve(n);
  while (out.size() < n) {
    for (unsigned char b : secure_bytes(n)) {
      if (b >= limit) continue;
      out.push_back(alphabet[b % alphabet.size()]);
      if (out.size() == n) break;
    }
  }
  return out;
}

constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUpperAlnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

std::mt19937_64& request_id_engine() {
  thread_local std::mt19937_64 engine{[] {
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32) ^ device();
  }()};
  return engine;
}

}  // namespace

std::string make_request_id() {
  auto& engine = request_id_engine();
  std::array<std::uint8_t, 16> b{};
  for (std::size_t i = 0; i < b.size(); i += 8) {
    const std::uint64_t v = engine();
    for (std::size_t j = 0; j < 8; ++j)
      b[i + j] = static_cast<std::uint8_t>(v >> (8 * j));
  }
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(hex[b[i] >> 4]);
    out.push_back(hex[b[i] & 0x0f]);
  }
  return out;
}

std::string make_temporary_key_id() {
  return "ASIA" + from_alphabet(kBase32, 16);
}

std::string make_secret_access_key() {
  return from_alphabet(kBase64, 40);
}

std::string make_session_token() {
  // Real tokens are several hundred base64 characters and end in padding.
  return "IQoJb3JpZ2luX2VtdWxhdG9y" + from_alphabet(kBase64, 330) + "==";
}

std::string make_unique_id(std::string_view prefix, std::size_t n) {
  return std::string(prefix) + from_alphabet(kUpperAlnum, n);
}

}  // namespace smp::emulator
