#pragma once
// The command line's one boundary for errors: a clear sentence on stderr, the details below it,
// and the exit code of README "Exit codes".
#include <string_view>

#include "base/error.hpp"

namespace smp::cli {

int exit_code_for(const Error& error);

// Prints "error: <message>" and the error's code, request id and details; returns the exit code.
int report_error(const Error& error, std::string_view context = {});

}  // namespace smp::cli
