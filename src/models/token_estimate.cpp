#include "models/token_estimate.hpp"

namespace smp::models {

std::int64_t estimate_tokens(std::string_view text) {
  std::int64_t ascii = 0;
  std::int64_t other = 0;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      ++ascii;
    } else if ((byte & 0xC0) != 0x80) {
      ++other;  // the lead byte of a multi-byte character
    }
  }
  return (ascii + 3) / 4 + other;
}

}  // namespace smp::models
