#include "aws/role_session.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>

namespace smp::aws {
namespace {

constexpr size_t kMinSessionName = 2;
constexpr size_t kMaxSessionName = 64;
constexpr size_t kMinExternalId = 2;
constexpr size_t kMaxExternalId = 1224;

bool is_word(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

bool session_name_char(char c) {
  return is_word(c) || c == '+' || c == '=' || c == ',' || c == '.' || c == '@' || c == '-';
}

bool external_id_char(char c) {
  return session_name_char(c) || c == ':' || c == '/';
}

std::string printable(char c) {
  if (std::isprint(static_cast<unsigned char>(c)) && c != ' ') return std::string("'") + c + "'";
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "0x%02X", static_cast<unsigned char>(c));
  return buffer;
}

}  // namespace

Result<void> validate_role_session_name(std::string_view name) {
  if (name.size() < kMinSessionName || name.size() > kMaxSessionName) {
    return fail(ErrorKind::invalid_argument, "InvalidRoleSessionName",
                "Invalid role session name '" + std::string(name) + "': it must be 2 to 64 " +
                    "characters long (it has " + std::to_string(name.size()) + ")");
  }
  for (size_t i = 0; i < name.size(); ++i) {
    if (!session_name_char(name[i])) {
      return fail(ErrorKind::invalid_argument, "InvalidRoleSessionName",
                  "Invalid role session name '" + std::string(name) + "': character " +
                      printable(name[i]) + " at position " + std::to_string(i + 1) +
                      " is not allowed (use letters, digits and _+=,.@-)");
    }
  }
  return {};
}

std::string sanitize_role_session_name(std::string_view input) {
  std::string out;
  out.reserve(std::min(input.size(), kMaxSessionName));
  for (char c : input) {
    if (out.size() == kMaxSessionName) break;
    out += session_name_char(c) ? c : '-';
  }
  while (out.size() < kMinSessionName)
    out += '-';
  return out;
}

std::string default_role_session_name(std::string_view model_type, SystemTime now) {
  const auto unix_seconds =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const std::string suffix = "-" + std::to_string(unix_seconds);
  std::string prefix = "sagemaker-provider";
  if (!model_type.empty()) prefix += "-" + std::string(model_type);
  // Keep the timestamp whole: trim the prefix when a long model type would push past 64.
  const size_t room = kMaxSessionName - suffix.size();
  if (prefix.size() > room) prefix.resize(room);
  return sanitize_role_session_name(prefix + suffix);
}

Result<void> validate_external_id(std::string_view external_id) {
  if (external_id.size() < kMinExternalId || external_id.size() > kMaxExternalId) {
    return fail(ErrorKind::invalid_argument, "InvalidExternalId",
                "Invalid external id: it must be 2 to 1224 characters long (it has " +
                    std::to_string(external_id.size()) + ")");
  }
  for (size_t i = 0; i < external_id.size(); ++i) {
    if (!external_id_char(external_id[i])) {
      return fail(ErrorKind::invalid_argument, "InvalidExternalId",
                  "Invalid external id: the character at position " + std::to_string(i + 1) +
                      " is not allowed (use letters, digits and _+=,.@:/-)");
    }
  }
  return {};
}

Result<void> validate_duration_seconds(long long seconds) {
  if (seconds < kMinDurationSeconds || seconds > kMaxDurationSeconds) {
    return fail(ErrorKind::invalid_argument, "InvalidDurationSeconds",
                "Invalid session duration " + std::to_string(seconds) +
                    " s: it must be between 900 (15 minutes) and 43200 (12 hours)");
  }
  return {};
}

}  // namespace smp::aws
