#pragma once
// How the emulator's speech carries its text: the UTF-8 bytes, framed as
//   magic "SM" | length (u32, big-endian) | text | CRC-32 of the text (u32, big-endian)
// are sent as 4-bit symbols (high nibble first), one tone per symbol out of 16 (16-FSK). A
// transcriber that finds the magic, a plausible length and a matching CRC has recovered the text
// exactly; anything else is someone else's audio.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace smp::emulator::audio {

inline constexpr int kSymbolCount = 16;
inline constexpr std::size_t kMaxMessageBytes = 1 << 20;

// The symbols (0..15) of one message.
std::vector<int> message_symbols(std::string_view text);

// A source of symbols in time order: the transcriber's view of an audio stream.
class SymbolSource {
 public:
  virtual ~SymbolSource() = default;
  // Skips silence up to the next sound; false at the end of the audio.
  virtual bool seek_sound() = 0;
  // The symbol at the current position (advancing past it); nothing for silence, noise or end.
  virtual std::optional<int> read_symbol() = 0;
  virtual double position_seconds() const = 0;
  virtual double duration_seconds() const = 0;
};

struct DecodedMessage {
  std::string text;
  std::vector<double> byte_starts;  // seconds at which each text byte's first symbol starts
  double end_seconds = 0;
};

// Reads every message in the source, in order. Stops at the first sound that is not a message.
std::vector<DecodedMessage> read_messages(SymbolSource& source);

}  // namespace smp::emulator::audio
