#pragma once
// Small-file reads for credential sources (shared config files, web identity and container token
// files). Distinguishes "missing" (a source that is simply not configured) from "unreadable" (a
// configured source that is broken), because the chain treats them differently.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.hpp"

namespace smp::aws {

// nullopt: the file does not exist. Error: it exists but cannot be read, is not a regular file, or
// is larger than `max_bytes`. `what` names the file's role in messages ("web identity token file").
Result<std::optional<std::string>> read_text_file(const std::string& path, size_t max_bytes,
                                                  std::string_view what);

}  // namespace smp::aws
