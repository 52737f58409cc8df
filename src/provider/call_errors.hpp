#pragma once
// Wording shared by the provider's calls: when a container refuses the body we built (a 4xx of
// its own inside ModelError), the format we built it for is the first suspect, so say which.
#include <string_view>

#include "base/error.hpp"

namespace smp::provider {

// Adds "(request sent as payload_format X)" to a container's own 4xx refusal; other errors
// pass unchanged.
Error with_format_hint(Error error, std::string_view format);

}  // namespace smp::provider
