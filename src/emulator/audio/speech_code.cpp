#include "emulator/audio/speech_code.hpp"

#include <zlib.h>

namespace smp::emulator::audio {
namespace {

constexpr unsigned char kMagic[2] = {'S', 'M'};

std::uint32_t crc_of(std::string_view text) {
  return static_cast<std::uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(text.data()), static_cast<uInt>(text.size())));
}

void push_byte(std::vector<int>& symbols, unsigned char byte) {
  symbols.push_back(byte >> 4);
  symbols.push_back(byte & 0xF);
}

void push_u32(std::vector<int>& symbols, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8)
    push_byte(symbols, static_cast<unsigned char>(value >> shift));
}

std::optional<unsigned char> read_byte(SymbolSource& source) {
  const auto high = source.read_symbol();
  if (!high) return std::nullopt;
  const auto low = source.read_symbol();
  if (!low) return std::nullopt;
  return static_cast<unsigned char>((*high << 4) | *low);
}

std::optional<std::uint32_t> read_u32(SymbolSource& source) {
  std::uint32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    const auto byte = read_byte(source);
    if (!byte) return std::nullopt;
    value = (value << 8) | *byte;
  }
  return value;
}

std::optional<DecodedMessage> read_message(SymbolSource& source) {
  for (unsigned char expected : kMagic) {
    const auto byte = read_byte(source);
    if (!byte || *byte != expected) return std::nullopt;
  }
  const auto length = read_u32(source);
  if (!length || *length > kMaxMessageBytes) return std::nullopt;
  DecodedMessage message;
  message.text.reserve(*length);
  for (std::uint32_t i = 0; i < *length; ++i) {
    message.byte_starts.push_back(source.position_seconds());
    const auto byte = read_byte(source);
    if (!byte) return std::nullopt;
    message.text += static_cast<char>(*byte);
  }
  message.end_seconds = source.position_seconds();
  const auto crc = read_u32(source);
  if (!crc || *crc != crc_of(message.text)) return std::nullopt;
  return message;
}

}  // namespace

std::vector<int> message_symbols(std::string_view text) {
  std::vector<int> symbols;
  symbols.reserve(2 * (text.size() + 10));
  for (unsigned char byte : kMagic)
    push_byte(symbols, byte);
  push_u32(symbols, static_cast<std::uint32_t>(text.size()));
  for (char c : text)
    push_byte(symbols, static_cast<unsigned char>(c));
  push_u32(symbols, crc_of(text));
  return symbols;
}

std::vector<DecodedMessage> read_messages(SymbolSource& source) {
  std::vector<DecodedMessage> messages;
  while (source.seek_sound()) {
    auto message = read_message(source);
    if (!message) break;
    messages.push_back(std::move(*message));
  }
  return messages;
}

}  // namespace smp::emulator::audio
