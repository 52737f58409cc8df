#include "models/json_value_scanner.hpp"

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace smp::models {
namespace {

// What a byte means outside strings; one table lookup per byte keeps the loop tight (the
// scanner runs over every streamed byte).
enum Class : std::uint8_t { other, space, open, close, quote, separator, scalar };

constexpr std::array<std::uint8_t, 256> make_classes() {
  std::array<std::uint8_t, 256> table{};
  for (auto& entry : table)
    entry = other;
  for (const char c : {' ', '\t', '\n', '\r'})
    table[static_cast<unsigned char>(c)] = space;
  for (const char c : {'{', '['})
    table[static_cast<unsigned char>(c)] = open;
  for (const char c : {'}', ']'})
    table[static_cast<unsigned char>(c)] = close;
  for (const char c : {',', ':'})
    table[static_cast<unsigned char>(c)] = separator;
  table[static_cast<unsigned char>('"')] = quote;
  // Literals and numbers: letters for true/false/null (a misspelt literal fails later, in the
  // parser), digits, sign, point and exponent.
  for (int c = '0'; c <= '9'; ++c)
    table[static_cast<std::size_t>(c)] = scalar;
  for (int c = 'a'; c <= 'z'; ++c)
    table[static_cast<std::size_t>(c)] = scalar;
  for (int c = 'A'; c <= 'Z'; ++c)
    table[static_cast<std::size_t>(c)] = scalar;
  for (const char c : {'-', '+', '.'})
    table[static_cast<unsigned char>(c)] = scalar;
  return table;
}

constexpr std::array<std::uint8_t, 256> kClasses = make_classes();

std::uint8_t class_of(char c) {
  return kClasses[static_cast<unsigned char>(c)];
}

// Bytes that need a look inside a string: the closing quote and the escape.
constexpr std::array<bool, 256> make_string_stops() {
  std::array<bool, 256> table{};
  table[static_cast<unsigned char>('"')] = true;
  table[static_cast<unsigned char>('\\')] = true;
  return table;
}

constexpr std::array<bool, 256> kStringStops = make_string_stops();

// The first quote or backslash at or after p (or end). Eight bytes at a time where the
// machine is little-endian: the lowest marked byte of the SWAR test is exact.
const char* next_string_stop(const char* p, const char* end) {
  if constexpr (std::endian::native == std::endian::little) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    while (end - p >= 8) {
      std::uint64_t word;
      std::memcpy(&word, p, sizeof word);
      const std::uint64_t quotes = word ^ (ones * '"');
      const std::uint64_t escapes = word ^ (ones * '\\');
      const std::uint64_t marks =
          ((quotes - ones) & ~quotes & highs) | ((escapes - ones) & ~escapes & highs);
      if (marks != 0) return p + std::countr_zero(marks) / 8;
      p += 8;
    }
  }
  while (p < end && !kStringStops[static_cast<unsigned char>(*p)])
    ++p;
  return p;
}

#if defined(__SSE2__)
// Bit i set where block[i] == c (after OR-ing `fold`), for the 16 * Lanes bytes at `block`.
template <int Lanes>
struct Block {
  static constexpr int kBytes = 16 * Lanes;
  __m128i lanes[Lanes];
  explicit Block(const char* block) {
    for (int i = 0; i < Lanes; ++i) {
      lanes[i] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + 16 * i));
    }
  }
  std::uint64_t equal(char c, char fold = 0) const {
    const __m128i wanted = _mm_set1_epi8(c);
    const __m128i folded = _mm_set1_epi8(fold);
    std::uint64_t mask = 0;
    for (int i = 0; i < Lanes; ++i) {
      const __m128i hit = _mm_cmpeq_epi8(_mm_or_si128(lanes[i], folded), wanted);
      mask |= static_cast<std::uint64_t>(static_cast<std::uint16_t>(_mm_movemask_epi8(hit)))
              << (16 * i);
    }
    return mask;
  }
};

// Bit i set when an odd number of bits at positions ≤ i are set: inside a string, given the
// quote positions.
std::uint64_t prefix_xor(std::uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

constexpr int kBlockConsumed = -1;
constexpr int kBlockHasEscape = -2;

// Scans one block inside an object or array: only quotes and brackets matter there (the parser
// checks the rest later). Returns kBlockConsumed, kBlockHasEscape (scan it byte by byte), or
// the offset just past the bracket that closed the top-level value.
template <int Lanes>
int scan_block(const char* p, std::size_t& depth, bool& in_string) {
  const Block<Lanes> block(p);
  if (block.equal('\\') != 0) return kBlockHasEscape;
  std::uint64_t inside = prefix_xor(block.equal('"'));
  if (in_string) inside = ~inside;
  const std::uint64_t opens = block.equal('{', 0x20) & ~inside;   // '{' and '['
  const std::uint64_t closes = block.equal('}', 0x20) & ~inside;  // '}' and ']'
  for (std::uint64_t brackets = opens | closes; brackets != 0; brackets &= brackets - 1) {
    const int i = std::countr_zero(brackets);
    if ((opens >> i) & 1) {
      ++depth;
    } else if (--depth == 0) {
      return i + 1;
    }
  }
  in_string = (inside >> (Block<Lanes>::kBytes - 1)) & 1;
  return kBlockConsumed;
}
#endif

}  // namespace

JsonValueScanner::Step JsonValueScanner::scan(std::string_view text) {
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  const char* p = begin;
  // The state lives in locals while scanning: through char pointers the compiler would
  // otherwise reload the members on every byte.
  std::size_t depth = depth_;
  bool started = started_;
  bool in_string = in_string_;
  bool escaped = escaped_;
  bool in_scalar = in_scalar_;
  auto at = [&](const char* q) { return static_cast<std::size_t>(q - begin); };
  auto value_end = [&](const char* past) {
    *this = JsonValueScanner{};
    return Step{Status::value_end, at(past)};
  };
  auto invalid = [&](const char* q) {
    *this = JsonValueScanner{};
    return Step{Status::invalid, at(q)};
  };

  const char* scalar_until = p;  // a block with an escape is scanned byte by byte
  while (p < end) {
#if defined(__SSE2__)
    // Whole blocks at a time inside objects and arrays: 64 bytes, then 16 for the tail.
    if (depth > 0 && !escaped && p >= scalar_until && end - p >= 16) {
      const bool wide = end - p >= 64;
      const int result =
          wide ? scan_block<4>(p, depth, in_string) : scan_block<1>(p, depth, in_string);
      if (result >= 0) return value_end(p + result);
      if (result == kBlockConsumed) {
        p += wide ? 64 : 16;
        continue;
      }
      scalar_until = p + (wide ? 64 : 16);
    }
#endif
    if (in_string) {
      // Strings are most of the bytes: skip to the next quote or escape.
      if (escaped) {
        escaped = false;
        ++p;
        continue;
      }
      p = next_string_stop(p, end);
      if (p == end) break;
      if (*p == '\\') {
        escaped = true;
        ++p;
        continue;
      }
      in_string = false;
      ++p;
      if (depth == 0) return value_end(p);
      continue;
    }
    const std::uint8_t cls = class_of(*p);
    if (in_scalar) {
      if (cls == scalar) {
        ++p;
        continue;
      }
      in_scalar = false;
      if (depth == 0) return value_end(p);
    }
    switch (cls) {
      case space:
        break;
      case open:
        started = true;
        ++depth;
        break;
      case close:
        if (depth == 0) return invalid(p);
        if (--depth == 0) return value_end(p + 1);
        break;
      case quote:
        started = true;
        in_string = true;
        break;
      case separator:
        if (depth == 0) return invalid(p);
        break;
      case scalar:
        started = true;
        in_scalar = true;
        break;
      default:
        // Inside an object or array only quotes and brackets decide where the value ends, as in
        // the block path; the JSON parser reports a stray byte there with its context. Only a
        // byte that cannot start a value is invalid here.
        if (depth > 0) break;
        return invalid(p);
    }
    ++p;
  }
  depth_ = depth;
  started_ = started;
  in_string_ = in_string;
  escaped_ = escaped;
  in_scalar_ = in_scalar;
  return Step{Status::need_more, text.size()};
}

}  // namespace smp::models
