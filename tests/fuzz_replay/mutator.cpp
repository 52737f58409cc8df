#include "mutator.hpp"

#include <algorithm>
#include <array>

namespace smp::fuzz_replay {
namespace {

// Values that sit on the edges parsers check: zero, sign bits, all ones, lengths one off.
constexpr std::array<std::uint8_t, 10> kBoundaryBytes{0x00, 0x01, 0x7F, 0x80, 0xFF,
                                                      0xFE, 0x0A, 0x0D, 0x22, 0x5C};

}  // namespace

Mutator::Mutator(std::vector<std::string> seeds, std::uint64_t seed)
    : seeds_(std::move(seeds)), random_(seed) {}

std::size_t Mutator::pick(std::size_t bound) {
  return bound == 0 ? 0 : static_cast<std::size_t>(random_() % bound);
}

std::string Mutator::next(std::size_t max_size) {
  std::string data = seeds_.empty() || pick(50) == 0 ? std::string() : seeds_[pick(seeds_.size())];
  const std::size_t rounds = 1 + pick(8);
  for (std::size_t i = 0; i < rounds; ++i)
    mutate_once(data);
  if (data.size() > max_size) data.resize(max_size);
  return data;
}

void Mutator::mutate_once(std::string& data) {
  switch (pick(data.empty() ? 2 : 9)) {
    case 0: {  // insert random bytes
      const std::size_t at = pick(data.size() + 1);
      std::string bytes(1 + pick(16), '\0');
      for (char& c : bytes)
        c = static_cast<char>(random_());
      data.insert(at, bytes);
      break;
    }
    case 1: {  // splice: the head of this input with the tail of another seed
      if (seeds_.empty()) break;
      const std::string& other = seeds_[pick(seeds_.size())];
      data = data.substr(0, pick(data.size() + 1)) + other.substr(pick(other.size() + 1));
      break;
    }
    case 2:  // flip one bit
      data[pick(data.size())] ^= static_cast<char>(1u << pick(8));
      break;
    case 3:  // a boundary byte
      data[pick(data.size())] = static_cast<char>(kBoundaryBytes[pick(kBoundaryBytes.size())]);
      break;
    case 4: {  // delete a run
      const std::size_t at = pick(data.size());
      data.erase(at, 1 + pick(std::min<std::size_t>(32, data.size() - at)));
      break;
    }
    case 5: {  // repeat a run (lengths and counts that stop matching their content)
      const std::size_t at = pick(data.size());
      const std::size_t length = 1 + pick(std::min<std::size_t>(64, data.size() - at));
      const std::string run = data.substr(at, length);
      for (std::size_t n = 1 + pick(4); n > 0; --n)
        data.insert(at, run);
      break;
    }
    case 6: {  // overwrite 2, 4 or 8 bytes with a little- or big-endian boundary integer
      const std::size_t width = std::size_t{2} << pick(3);
      if (data.size() < width) break;
      const std::size_t at = pick(data.size() - width + 1);
      const std::uint64_t value =
          pick(2) ? ~std::uint64_t{0} >> pick(64) : std::uint64_t{1} << pick(64);
      for (std::size_t b = 0; b < width; ++b)
        data[at + (pick(2) ? b : width - 1 - b)] = static_cast<char>(value >> (8 * b));
      break;
    }
    case 7:  // cut the end off (truncated frames, streams that stop)
      data.resize(pick(data.size()));
      break;
    default: {  // swap two bytes
      std::swap(data[pick(data.size())], data[pick(data.size())]);
      break;
    }
  }
}

}  // namespace smp::fuzz_replay
