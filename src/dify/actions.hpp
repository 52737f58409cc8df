#pragma once
// The model actions of dify-plugin-protocol.md §8, each a coroutine that reads the request's
// `data`, calls the provider and writes its result through the session. A handler returns the
// Dify error to send (the runtime then writes it and `end`).
#include <expected>
#include <string_view>

#include "dify/protocol.hpp"
#include "dify/session_output.hpp"
#include "http/task.hpp"
#include "provider/provider.hpp"

namespace smp::dify {

struct ActionContext {
  const DaemonRequest& request;
  SessionOutput& out;
  provider::Provider& provider;
};

using ActionResult = std::expected<void, DifyError>;
using ActionHandler = http::Task<ActionResult> (*)(ActionContext&);

// nullptr for an unknown action.
ActionHandler find_action(std::string_view action);

// The handlers, one per action (actions_*.cpp).
http::Task<ActionResult> validate_provider_credentials(ActionContext& ctx);
http::Task<ActionResult> validate_model_credentials(ActionContext& ctx);
http::Task<ActionResult> get_ai_model_schemas(ActionContext& ctx);
http::Task<ActionResult> invoke_llm(ActionContext& ctx);
http::Task<ActionResult> get_llm_num_tokens(ActionContext& ctx);
http::Task<ActionResult> invoke_text_embedding(ActionContext& ctx);
http::Task<ActionResult> get_text_embedding_num_tokens(ActionContext& ctx);
http::Task<ActionResult> invoke_rerank(ActionContext& ctx);
http::Task<ActionResult> invoke_tts(ActionContext& ctx);
http::Task<ActionResult> get_tts_model_voices(ActionContext& ctx);
http::Task<ActionResult> invoke_speech2text(ActionContext& ctx);

}  // namespace smp::dify
