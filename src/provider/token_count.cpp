#include "provider/token_count.hpp"

#include "models/llm/chat_codec.hpp"
#include "models/token_estimate.hpp"

namespace smp::provider {

std::int64_t estimate_chat_tokens(const models::ChatRequest& request) {
  return models::estimate_prompt_tokens(request);
}

std::vector<std::int64_t> estimate_text_tokens(const std::vector<std::string>& texts) {
  std::vector<std::int64_t> out;
  out.reserve(texts.size());
  for (const auto& text : texts)
    out.push_back(models::estimate_tokens(text));
  return out;
}

}  // namespace smp::provider
