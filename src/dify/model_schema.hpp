#pragma once
// get_ai_model_schemas: the customizable-model AIModelEntity built from a model's credentials
// (dify-plugin-protocol.md §8.4, §9.2): mode and context size, features (tool-call,
// multi-tool-call, stream-tool-call, vision only when vision_support is `support`), parameter
// rules with explicit labels, max_chunks for embeddings, voices and audio type for TTS.
#include <boost/json/object.hpp>

#include "provider/model_config.hpp"

namespace smp::dify {

boost::json::object model_schema(const provider::ModelConfig& config);

// The voices of CosyVoice's SFT model (the seed plugin's list): {"name","value"} pairs.
boost::json::array tts_voices();

}  // namespace smp::dify
