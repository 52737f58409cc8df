#pragma once
// A deterministic token estimate for containers that report no usage. It is a rough guide for
// quotas and logs, always marked as estimated: about four ASCII characters per token (English
// BPE vocabularies average 3.5–4.5) and one token per non-ASCII character (CJK characters and
// emoji are mostly one or more tokens each, so this errs low rather than wildly high).
#include <cstdint>
#include <string_view>

namespace smp::models {

std::int64_t estimate_tokens(std::string_view text);

}  // namespace smp::models
