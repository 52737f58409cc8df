#include "base/base64.hpp"

#include <cstdint>

namespace smp {

namespace {

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

}  // namespace smp
