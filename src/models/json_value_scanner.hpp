#pragma once
// Finds where top-level JSON values end without parsing them. The stream framer needs to know
// whether a line holds one complete value, several glued values (`{…}{…}`, `{…}[DONE]`) or the
// start of a value that continues on later lines (a pretty-printed document). Tracking nesting
// depth and string state answers that in one cheap pass; literals and numbers are not checked
// here, the JSON parser does that when the record is decoded.
#include <cstddef>
#include <string_view>

namespace smp::models {

class JsonValueScanner {
 public:
  enum class Status {
    need_more,  // the text ended inside a value (or before one started)
    value_end,  // a top-level value ended; `offset` is just past its last byte
    invalid,    // a byte that can never start or continue a value; `offset` points at it
  };
  struct Step {
    Status status = Status::need_more;
    std::size_t offset = 0;
  };

  // Continues scanning where the previous call stopped; after value_end the scanner is ready
  // for the next value, so callers pass the rest of the text again.
  Step scan(std::string_view text);

  // True while a value has started and not yet ended.
  bool in_value() const { return started_; }
  // True when the unfinished value is a bare top-level literal or number (`3.5`, `true`): those
  // have no closing byte, so the end of the line or of the stream ends them.
  bool in_top_level_scalar() const { return started_ && depth_ == 0 && in_scalar_; }
  void reset() { *this = JsonValueScanner{}; }

 private:
  std::size_t depth_ = 0;
  bool started_ = false;
  bool in_string_ = false;
  bool escaped_ = false;
  bool in_scalar_ = false;
};

}  // namespace smp::models
