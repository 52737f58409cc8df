#pragma once
// An invoke_llm / get_llm_num_tokens request's prompt_messages, tools, tool_choice, stop,
// model_parameters and json_schema → the neutral models::ChatRequest (dify-plugin-protocol.md
// §8.5). Media parts: images become data: URLs (base64_data + mime_type) or their url; audio,
// video and documents are refused with a clear error.
#include <boost/json/object.hpp>

#include "base/error.hpp"
#include "models/llm/chat_types.hpp"

namespace smp::dify {

Result<models::ChatRequest> chat_request_from_dify(const boost::json::object& data);

}  // namespace smp::dify
