#pragma once
// The INI dialect of the AWS shared config and credentials files (aws-wire.md §5.3), as the SDK
// profile parsers accept it:
//   [section]            header; a trailing " # comment" / " ; comment" is allowed
//   key = value          keys are case-insensitive (stored lower-case), values trimmed;
//                        " #..." or " ;..." after whitespace is an inline comment
//     more text          an indented line continues the previous value (joined with '\n')
//   s3 =                 an empty value followed by indented "k = v" lines is a sub-section
//     max_attempts = 3
//   # comment / ; comment  whole-line comments; blank lines are ignored
// Lines the dialect cannot read are errors naming the file and the line, so a typo never silently
// drops a profile. The parser only sees bytes; it never touches the file system.
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/error.hpp"

namespace smp::aws {

struct IniProperty {
  std::string value;  // continuation lines joined with '\n'
  // "k = v" pairs of a sub-section (keys lower-case), in file order.
  std::vector<std::pair<std::string, std::string>> sub_properties;
  size_t line = 0;  // 1-based line of the key, for messages
};

struct IniSection {
  std::string name;  // the trimmed text between the brackets ("profile dev", "default")
  size_t line = 0;
  std::map<std::string, IniProperty, std::less<>> properties;  // a repeated key: the last wins
};

struct IniDocument {
  std::vector<IniSection> sections;  // in file order; a repeated header is a new entry
};

// Files larger than this are refused (a config file is a few KiB; this bounds memory and time).
inline constexpr size_t kMaxIniBytes = 4 * 1024 * 1024;

// `source_name` only labels error messages ("/home/u/.aws/config line 7: ...").
Result<IniDocument> parse_ini(std::string_view text, std::string_view source_name);

}  // namespace smp::aws
