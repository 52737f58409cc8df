#include "models/json_value_scanner.hpp"

namespace smp::models {
namespace {

bool is_json_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Bytes that may appear in a literal or a number: letters for true/false/null (and for the
// error a misspelt literal gives later), digits, sign, point and exponent.
bool is_scalar_byte(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
         c == '+' || c == '.';
}

}  // namespace

JsonValueScanner::Step JsonValueScanner::scan(std::string_view text) {
  const char* const begin = text.data();
  const char* const end = begin + text.size();
  const char* p = begin;
  auto at = [&](const char* q) { return static_cast<std::size_t>(q - begin); };
  auto finish_value = [&](const char* past) {
    *this = JsonValueScanner{};
    return Step{Status::value_end, at(past)};
  };

  while (p < end) {
    if (in_string_) {
      // Strings are most of the bytes; skip them in a tight loop.
      while (p < end) {
        const char c = *p;
        if (escaped_) {
          escaped_ = false;
        } else if (c == '\\') {
          escaped_ = true;
        } else if (c == '"') {
          break;
        }
        ++p;
      }
      if (p == end) break;
      in_string_ = false;
      ++p;
      if (depth_ == 0) return finish_value(p);
      continue;
    }
    const char c = *p;
    if (in_scalar_) {
      if (is_scalar_byte(c)) {
        ++p;
        continue;
      }
      in_scalar_ = false;
      if (depth_ == 0) return finish_value(p);
    }
    if (is_json_space(c)) {
      ++p;
      continue;
    }
    switch (c) {
      case '{':
      case '[':
        started_ = true;
        ++depth_;
        break;
      case '}':
      case ']':
        if (depth_ == 0) return Step{Status::invalid, at(p)};
        if (--depth_ == 0) return finish_value(p + 1);
        break;
      case '"':
        started_ = true;
        in_string_ = true;
        break;
      case ',':
      case ':':
        if (depth_ == 0) return Step{Status::invalid, at(p)};
        break;
      default:
        if (!is_scalar_byte(c)) return Step{Status::invalid, at(p)};
        started_ = true;
        in_scalar_ = true;
        break;
    }
    ++p;
  }
  return Step{Status::need_more, text.size()};
}

}  // namespace smp::models
