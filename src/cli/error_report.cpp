#include "cli/error_report.hpp"

#include <fmt/format.h>

#include <cstdio>

#include "cli/command.hpp"

namespace smp::cli {

int exit_code_for(const Error& error) {
  switch (error.kind) {
    case ErrorKind::invalid_argument:
      return exit_usage;
    case ErrorKind::auth:
      return exit_auth;
    case ErrorKind::not_found:
    case ErrorKind::rejected:
      return exit_not_found;
    case ErrorKind::throttled:
    case ErrorKind::unavailable:
      return exit_unavailable;
    case ErrorKind::model:
      return exit_model;
    case ErrorKind::connection:
    case ErrorKind::timeout:
      return exit_connection;
    case ErrorKind::protocol:
    case ErrorKind::internal:
      return exit_other;
  }
  return exit_other;
}

int report_error(const Error& error, std::string_view context) {
  std::string out = "error: ";
  if (!context.empty()) out += fmt::format("{}: ", context);
  out += error.message.empty() ? std::string(to_string(error.kind)) : error.message;
  out += '\n';
  if (!error.code.empty()) out += fmt::format("  code: {}\n", error.code);
  if (error.http_status != 0) out += fmt::format("  http status: {}\n", error.http_status);
  if (!error.request_id.empty()) out += fmt::format("  request id: {}\n", error.request_id);
  for (const auto& [key, value] : error.details)
    out += fmt::format("  {}: {}\n", key, value);
  std::fputs(out.c_str(), stderr);
  return exit_code_for(error);
}

}  // namespace smp::cli
