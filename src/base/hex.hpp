#pragma once
// Hex: lowercase encoding (SigV4 digests and signatures, audio for the Dify daemon) and decoding
// that accepts either case. One implementation for every layer.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace smp {

// Writes exactly 2 * bytes.size() characters at `out`.
void write_hex(char* out, std::span<const std::uint8_t> bytes);
void append_hex(std::string& out, std::span<const std::uint8_t> bytes);
std::string to_hex(std::span<const std::uint8_t> bytes);
// The same for bytes held in a string.
std::string hex_encode(std::string_view bytes);

// The value of one hex digit (either case), or -1.
int hex_digit_value(char c);
// nullopt for an odd length or anything but hex digits.
std::optional<std::string> hex_decode(std::string_view hex);

}  // namespace smp
