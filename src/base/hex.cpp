#include "base/hex.hpp"

#include <array>
#include <cstring>

namespace smp {

namespace {

// Both hex digits of every byte value: one table load per byte instead of two.
constexpr std::array<char, 512> make_hex_pairs() {
  constexpr char digits[] = "0123456789abcdef";
  std::array<char, 512> pairs{};
  for (int b = 0; b < 256; ++b) {
    pairs[2 * b] = digits[b >> 4];
    pairs[2 * b + 1] = digits[b & 0x0f];
  }
  return pairs;
}
constexpr std::array<char, 512> kHexPairs = make_hex_pairs();

}  // namespace

void write_hex(char* out, std::span<const std::uint8_t> bytes) {
  for (std::uint8_t b : bytes) {
    std::memcpy(out, &kHexPairs[2 * b], 2);
    out += 2;
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

std::string hex_encode(std::string_view bytes) {
  return to_hex(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(bytes.data()),
                                              bytes.size()));
}

int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> hex_decode(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out(hex.size() / 2, '\0');
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = hex_digit_value(hex[2 * i]);
    const int lo = hex_digit_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<char>((hi << 4) | lo);
  }
  return out;
}

}  // namespace smp
