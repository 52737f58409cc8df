#pragma once
// Local checks of the AssumeRole parameters (aws-wire.md §4.3) and the default session name.
// STS would reject the same values, but only after a round trip and with a terser message.
#include <string>
#include <string_view>

#include "base/clock.hpp"
#include "base/error.hpp"

namespace smp::aws {

inline constexpr int kDefaultDurationSeconds = 3600;
inline constexpr int kMinDurationSeconds = 900;
inline constexpr int kMaxDurationSeconds = 43200;
// STS caps a chained role session (credentials that are themselves from AssumeRole) at one hour.
inline constexpr int kRoleChainingMaxDurationSeconds = 3600;

// 2-64 characters of [A-Za-z0-9_+=,.@-]. Error code InvalidRoleSessionName.
Result<void> validate_role_session_name(std::string_view name);

// Turns user text into a valid session name: characters outside the set become '-', the result
// is cut to 64 and padded to 2. Deterministic, so the same input gives the same name.
std::string sanitize_role_session_name(std::string_view input);

// "sagemaker-provider-<model type>-<unix seconds>", sanitized (CloudTrail shows it; the model type
// tells an operator which kind of call assumed the role).
std::string default_role_session_name(std::string_view model_type, SystemTime now);

// 2-1224 characters of [A-Za-z0-9_+=,.@:/-]. The message never repeats the value (some teams
// treat the external id as confidential); it names the length or the offending position.
Result<void> validate_external_id(std::string_view external_id);

// 900..43200 (the role's own maximum is only known to STS; see the fallback in AssumeRole).
Result<void> validate_duration_seconds(long long seconds);

}  // namespace smp::aws
