#pragma once
// A small JSON text builder that reproduces the byte-level habits of the servers we emulate:
// pydantic/serde/FastAPI write compact JSON, Python's json.dumps defaults to ", " and ": " with
// \u-escaped non-ASCII, DJL's Output.add_as_json indents by two with "," and ":" separators.
// Floats are written the way each runtime writes them (Python repr for f64, ryu for serde f32),
// so a golden test can compare bytes. Boost.JSON's serializer writes 1E0-style numbers, which no
// container does.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace smp::emulator {

struct JsonStyle {
  bool spaced = false;      // ", " and ": " (Python json.dumps default)
  bool ascii_only = false;  // \uXXXX for every non-ASCII character (json.dumps ensure_ascii)
  int indent = 0;           // >0: newline and this many spaces per level (DJL uses 2)
  bool f32_floats = false;  // serde_json's f32 output (TEI) instead of Python's float repr

  static JsonStyle compact() { return {}; }
  static JsonStyle python_dumps() { return {true, true, 0, false}; }
  static JsonStyle djl_output() { return {false, false, 2, false}; }
  static JsonStyle serde_f32() { return {false, false, 0, true}; }
};

// Python's repr(float): shortest round-trip digits, fixed notation for 1e-4 <= |v| < 1e16,
// otherwise "1e-05" / "1.5e+16"; always a '.' or exponent ("1.0").
std::string format_python_float(double value);
// serde_json's f32 (ryu): shortest digits for a float, "1.0", "0.001", "1e-7", "1.5e20".
std::string format_f32(float value);

class JsonWriter {
 public:
  explicit JsonWriter(JsonStyle style = JsonStyle::compact()) : style_(style) {}

  JsonWriter& begin_object();
  JsonWriter& end_object();
  JsonWriter& begin_array();
  JsonWriter& end_array();
  JsonWriter& key(std::string_view name);
  JsonWriter& string(std::string_view value);
  JsonWriter& number(double value);  // formatted per style (f64 repr or f32)
  JsonWriter& integer(std::int64_t value);
  JsonWriter& boolean(bool value);
  JsonWriter& null();
  // Already-serialised JSON inserted as one value (e.g. tool-call arguments objects).
  JsonWriter& raw(std::string_view json);

  // Shorthands for "key": value.
  JsonWriter& field(std::string_view name, std::string_view value) {
    return key(name).string(value);
  }
  JsonWriter& field(std::string_view name, const char* value) { return key(name).string(value); }
  JsonWriter& field_int(std::string_view name, std::int64_t value) {
    return key(name).integer(value);
  }
  JsonWriter& field_null(std::string_view name) { return key(name).null(); }

  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void before_value();
  void newline_indent();
  void append_escaped(std::string_view text);

  JsonStyle style_;
  std::string out_;
  // One entry per open container: the number of members written so far.
  std::vector<int> counts_;
  bool after_key_ = false;
};

// A JSON string literal (with quotes) in compact style; for building small fragments by hand.
std::string json_quote(std::string_view text);

}  // namespace smp::emulator
