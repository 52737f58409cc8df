#include "emulator/containers/deterministic.hpp"

namespace smp::emulator {

std::string hex_id(SeededRandom& rng) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string id;
  id.reserve(32);
  for (int word = 0; word < 2; ++word) {
    std::uint64_t bits = rng.next();
    for (int nibble = 0; nibble < 16; ++nibble, bits >>= 4)
      id += hex[bits & 0xF];
  }
  return id;
}

}  // namespace smp::emulator
