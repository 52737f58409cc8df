#pragma once
// Deterministic pseudo-randomness: the emulator's answers depend only on the request and the
// per-request seed, so tests can compare exact bytes and reproduce any failure.
#include <cstdint>
#include <string>
#include <string_view>

namespace smp::emulator {

// FNV-1a, 64 bit: the hash behind token ids and embedding buckets. Stable across platforms.
constexpr std::uint64_t fnv1a64(std::string_view bytes,
                                std::uint64_t basis = 0xcbf29ce484222325ULL) {
  std::uint64_t hash = basis;
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// SplitMix64 under its own name (the emulator has another copy; one name per definition keeps
// the one-definition rule): a tiny, well-mixed generator, the same sequence on every platform
// (unlike std::uniform_int_distribution).
class SeededRandom {
 public:
  explicit SeededRandom(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [low, high] (inclusive); the modulo bias is irrelevant for our ranges.
  std::uint64_t between(std::uint64_t low, std::uint64_t high) {
    return low + next() % (high - low + 1);
  }

 private:
  std::uint64_t state_;
};

// 32 lowercase hex digits (a uuid4().hex look-alike) drawn from the generator.
std::string hex_id(SeededRandom& rng);

}  // namespace smp::emulator
