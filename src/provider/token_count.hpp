#pragma once
// Token estimates for Dify's get_num_tokens and text-embedding get_num_tokens: the same
// deterministic estimate the models layer uses for usage it has to make up.
#include <cstdint>
#include <string>
#include <vector>

#include "models/llm/chat_types.hpp"

namespace smp::provider {

// The prompt of a chat request (messages, tool definitions, per-message framing).
std::int64_t estimate_chat_tokens(const models::ChatRequest& request);
// One estimate per text, in order.
std::vector<std::int64_t> estimate_text_tokens(const std::vector<std::string>& texts);

}  // namespace smp::provider
