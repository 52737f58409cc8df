#pragma once
// One model's configuration, parsed once from its Settings (Dify credential form, gateway YAML,
// CLI flags) and checked: every error names the field ("context_length: expected a positive
// integer, got \"4k\""). Field names follow the seed Dify plugin's credential forms, plus the
// ones it lacked (see README.md for the full table and defaults).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "base/error.hpp"
#include "models/embedding/embedding_codec.hpp"
#include "models/llm/chat_codec.hpp"
#include "models/llm/chat_format.hpp"
#include "models/rerank/rerank_codec.hpp"
#include "provider/model_type.hpp"
#include "provider/settings.hpp"
#include "sagemaker/connection.hpp"

namespace smp::provider {

enum class LlmMode { chat, completion };
std::string_view to_string(LlmMode mode);

// function_calling_type: "no_call" (default), "tool_call" (or the legacy "function_call"),
// "stream_tool_call" (tool calls also arrive streamed, as every OpenAI-style container does).
enum class FunctionCalling { none, tool_call, stream_tool_call };

// Who we are to AWS. Part of the identity that keys the connection cache.
struct AwsSettings {
  std::string region;                        // aws_region ("" = environment / profile)
  std::string endpoint_url;                  // endpoint_url (emulator, VPC endpoint, proxy)
  std::string access_key_id;                 // aws_access_key_id
  std::string secret_access_key;             // aws_secret_access_key (secret: never logged)
  std::string session_token;                 // aws_session_token (secret)
  std::string profile;                       // aws_profile
  std::string role_arn;                      // assume_role_arn
  std::string external_id;                   // external_id
  std::string role_session_name;             // role_session_name
  std::optional<int> role_duration_seconds;  // role_duration_seconds (900-43200)
};

struct LlmSettings {
  LlmMode mode = LlmMode::chat;           // mode
  std::int64_t context_length = 4096;     // context_length
  std::int64_t max_tokens_default = 512;  // max_tokens (Dify's parameter default)
  FunctionCalling function_calling = FunctionCalling::none;  // function_calling_type
  bool vision = false;  // vision_support == "support" (only that value; "no_support" is off)
  models::ChatFormat format = models::ChatFormat::automatic;  // payload_format (default auto)
  models::ChatCodecOptions codec;    // chat_template (lmi/tgi), tools_in_prompt
  bool think_open_at_start = false;  // think_open_at_start: the template opens <think> itself
};

struct EmbeddingSettings {
  models::EmbeddingFormat format = models::EmbeddingFormat::tei;  // payload_format (default tei)
  std::size_t batch_size = 32;                                    // embedding_batch_size (1..2048)
  std::optional<std::string> query_instruction;  // query_instruction (absent = format default)
  std::int64_t context_size = 8192;              // context_length (Dify's context_size)
};

struct RerankSettings {
  models::RerankFormat format = models::RerankFormat::tei;  // payload_format (default tei)
  std::size_t batch_size = 32;                              // rerank_batch_size (1..32)
  // rerank_sigmoid: map raw logits to 0..1. Default: on for `flag` (FlagReranker answers
  // logits), off for the others (TEI, qwen3, cohere already answer 0..1).
  bool sigmoid = false;
};

// TTS/STT fields (speech_synthesis.hpp, transcription.hpp).
struct AudioSettings {
  std::string s3_cache_bucket;  // audio_s3_cache_bucket
  std::string model_type;       // audio_model_type (PresetVoice, CloneVoice, ...)
  std::string prompt_audio;     // prompt_audio
  std::string prompt_text;      // prompt_text
  std::string instruct_text;    // instruct_text
  std::string payload_format;   // speech2text: whisper, funasr, auto (speech_synthesis.hpp,
                                // transcription.hpp check it)
};

struct ModelConfig {
  ModelType type = ModelType::llm;
  std::string model_name;  // the front door's name for the model (Dify model, gateway alias)
  std::string endpoint;    // sagemaker_endpoint (required)
  std::string model_id;    // model_id: sent as `model` where the format has one
  std::string inference_component;           // inference_component
  std::string custom_attributes;             // custom_attributes
  std::string target_variant;                // target_variant
  bool enable_request_metadata = false;      // enable_request_metadata: request id as InferenceId
  std::chrono::seconds request_timeout{70};  // request_timeout: idle seconds between bytes
  AwsSettings aws;
  LlmSettings llm;
  EmbeddingSettings embedding;
  RerankSettings rerank;
  AudioSettings audio;
};

// Parses and checks. Unknown keys are ignored (Dify sends form fields of other model types and
// its own bookkeeping). Errors are invalid_argument with code "InvalidModelSetting" and a
// message that starts with the field name.
Result<ModelConfig> parse_model_config(ModelType type, std::string model_name,
                                       const Settings& settings);

// The connection settings of a config (region, endpoint_url, credentials, timeouts).
sagemaker::ConnectionSettings connection_settings(const ModelConfig& config);

// A string that differs whenever two configs must not share a connection or credentials:
// access key id, a SHA-256 of the secret and session token, profile, role ARN, external id,
// session name, region, endpoint_url, timeout. Contains no secret.
std::string connection_identity(const ModelConfig& config);

}  // namespace smp::provider
