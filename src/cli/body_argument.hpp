#pragma once
// "--body TEXT|@FILE|-": the literal text, a file's bytes, or standard input, as curl reads -d.
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace smp::cli {

Result<std::string> read_body_argument(std::string_view argument);

// A whole file's bytes, with a clear error naming the path.
Result<std::string> read_file_bytes(const std::string& path);

}  // namespace smp::cli
