#pragma once
// ISO 8601 timestamps as credential sources write them: STS <Expiration>, container/IMDS JSON
// "Expiration", credential_process "Expiration", AWS_CREDENTIAL_EXPIRATION.
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.hpp"

namespace smp::aws {

// Accepts "YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM)"; 't', 'z' and a space for 'T' are
// tolerated because hand-written credential_process scripts produce them. No zone is not accepted:
// guessing local time would shift expiry by hours.
std::optional<SystemTime> parse_iso8601_time(std::string_view text);

// "2024-01-15T12:00:00Z" (whole seconds, UTC).
std::string format_iso8601_time(SystemTime time);

}  // namespace smp::aws
