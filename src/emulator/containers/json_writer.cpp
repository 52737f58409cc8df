#include "emulator/containers/json_writer.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <system_error>

#include "emulator/containers/utf8.hpp"

namespace smp::emulator {
namespace {

// Shortest round-trip decimal digits of a value and the power of ten of the first digit:
// value = d.ddd × 10^exponent.
struct ShortestDigits {
  std::string digits;  // no leading/trailing zeros except "0" for zero
  int exponent = 0;
  bool negative = false;
};

template <class Float>
ShortestDigits shortest_digits(Float value) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  (void)ec;  // 64 bytes always suffice for a scientific float
  std::string_view text(buf, static_cast<std::size_t>(end - buf));
  ShortestDigits out;
  if (!text.empty() && text.front() == '-') {
    out.negative = true;
    text.remove_prefix(1);
  }
  const auto e_pos = text.find('e');
  for (char c : text.substr(0, e_pos)) {
    if (c != '.') out.digits.push_back(c);
  }
  out.exponent = std::atoi(std::string(text.substr(e_pos + 1)).c_str());
  while (out.digits.size() > 1 && out.digits.back() == '0')
    out.digits.pop_back();
  return out;
}

// Fixed notation for digits d1..dn with the decimal point after position `point`
// (point <= 0: leading "0.000"), always with at least one digit after the point.
std::string fixed_notation(const ShortestDigits& d, int point) {
  std::string out = d.negative ? "-" : "";
  const int n = static_cast<int>(d.digits.size());
  if (point <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-point), '0');
    out += d.digits;
  } else if (point >= n) {
    out += d.digits;
    out.append(static_cast<std::size_t>(point - n), '0');
    out += ".0";
  } else {
    out += d.digits.substr(0, static_cast<std::size_t>(point));
    out += '.';
    out += d.digits.substr(static_cast<std::size_t>(point));
  }
  return out;
}

std::string mantissa(const ShortestDigits& d) {
  std::string out = d.negative ? "-" : "";
  out += d.digits.substr(0, 1);
  if (d.digits.size() > 1) {
    out += '.';
    out += d.digits.substr(1);
  }
  return out;
}

void append_hex4(std::string& out, char32_t value) {
  static constexpr char hex[] = "0123456789abcdef";
  out += "\\u";
  for (int shift = 12; shift >= 0; shift -= 4)
    out += hex[(value >> shift) & 0xF];
}

}  // namespace

std::string format_python_float(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
  const ShortestDigits d = shortest_digits(value);
  if (d.exponent >= -4 && d.exponent < 16) return fixed_notation(d, d.exponent + 1);
  char exp[16];
  std::snprintf(exp, sizeof exp, "e%c%02d", d.exponent < 0 ? '-' : '+', std::abs(d.exponent));
  return mantissa(d) + exp;
}

std::string format_f32(float value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
  const ShortestDigits d = shortest_digits(value);
  const int length = static_cast<int>(d.digits.size());
  const int kk = d.exponent + 1;  // 10^(kk-1) <= |v| < 10^kk
  const int k = kk - length;      // v = digits × 10^k
  if ((0 <= k && kk <= 13) || (0 < kk && kk <= 13) || (-6 < kk && kk <= 0)) {
    return fixed_notation(d, kk);
  }
  return mantissa(d) + "e" + std::to_string(kk - 1);
}

void JsonWriter::newline_indent() {
  out_ += '\n';
  out_.append(counts_.size() * static_cast<std::size_t>(style_.indent), ' ');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (counts_.empty()) return;
  if (counts_.back()++ > 0) out_ += style_.spaced && style_.indent == 0 ? ", " : ",";
  if (style_.indent > 0) newline_indent();
}

JsonWriter& JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  counts_.push_back(0);
  return *this;
}

JsonWriter& JsonWriter::end_object() {
  const int members = counts_.back();
  counts_.pop_back();
  if (style_.indent > 0 && members > 0) newline_indent();
  out_ += '}';
  return *this;
}

JsonWriter& JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  counts_.push_back(0);
  return *this;
}

JsonWriter& JsonWriter::end_array() {
  const int members = counts_.back();
  counts_.pop_back();
  if (style_.indent > 0 && members > 0) newline_indent();
  out_ += ']';
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
  before_value();
  append_escaped(name);
  out_ += style_.spaced ? ": " : ":";
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view value) {
  before_value();
  append_escaped(value);
  return *this;
}

JsonWriter& JsonWriter::number(double value) {
  before_value();
  out_ += style_.f32_floats ? format_f32(static_cast<float>(value)) : format_python_float(value);
  return *this;
}

JsonWriter& JsonWriter::integer(std::int64_t value) {
  before_value();
  out_ += std::to_string(value);
  return *this;
}

JsonWriter& JsonWriter::boolean(bool value) {
  before_value();
  out_ += value ? "true" : "false";
  return *this;
}

JsonWriter& JsonWriter::null() {
  before_value();
  out_ += "null";
  return *this;
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  before_value();
  out_ += json;
  return *this;
}

void JsonWriter::append_escaped(std::string_view text) {
  out_ += '"';
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80 && style_.ascii_only) {
      char32_t cp = next_code_point(text, i);
      if (cp >= 0x10000) {
        cp -= 0x10000;
        append_hex4(out_, 0xD800 + (cp >> 10));
        append_hex4(out_, 0xDC00 + (cp & 0x3FF));
      } else {
        append_hex4(out_, cp);
      }
      continue;
    }
    ++i;
    switch (c) {
      case '"':
        out_ += "\\\"";
        break;
      case '\\':
        out_ += "\\\\";
        break;
      case '\n':
        out_ += "\\n";
        break;
      case '\r':
        out_ += "\\r";
        break;
      case '\t':
        out_ += "\\t";
        break;
      case '\b':
        out_ += "\\b";
        break;
      case '\f':
        out_ += "\\f";
        break;
      default:
        if (c < 0x20) {
          append_hex4(out_, c);
        } else {
          out_ += static_cast<char>(c);
        }
    }
  }
  out_ += '"';
}

std::string json_quote(std::string_view text) {
  JsonWriter writer;
  writer.string(text);
  return writer.take();
}

}  // namespace smp::emulator
