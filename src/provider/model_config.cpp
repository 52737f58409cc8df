#include "provider/model_config.hpp"

#include <charconv>
#include <string>

#include "aws/crypto.hpp"

namespace smp::provider {
namespace {

std::unexpected<Error> bad(std::string_view field, std::string message) {
  return fail(ErrorKind::invalid_argument, "InvalidModelSetting",
              std::string(field) + ": " + message);
}

std::string quoted(std::string_view value) {
  std::string out = "\"";
  out.append(value.substr(0, 80));
  if (value.size() > 80) out += "…";
  return out + "\"";
}

std::string text(const Settings& s, std::string_view key) {
  auto v = setting(s, key);
  return v ? std::string(*v) : std::string();
}

Result<std::int64_t> integer(const Settings& s, std::string_view key, std::int64_t fallback,
                             std::int64_t min, std::int64_t max) {
  auto v = setting(s, key);
  if (!v) return fallback;
  std::int64_t out = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || end != v->data() + v->size())
    return bad(key, "expected an integer, got " + quoted(*v));
  if (out < min || out > max)
    return bad(key, "expected an integer from " + std::to_string(min) + " to " +
                        std::to_string(max) + ", got " + std::string(*v));
  return out;
}

Result<bool> boolean(const Settings& s, std::string_view key, bool fallback) {
  auto v = setting(s, key);
  if (!v) return fallback;
  std::string lower;
  for (char c : *v)
    lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
  for (auto t : {"true", "1", "yes", "on", "enable", "enabled", "support", "supported"})
    if (lower == t) return true;
  for (auto f : {"false", "0", "no", "off", "disable", "disabled", "no_support", "unsupported"})
    if (lower == f) return false;
  return bad(key, "expected true or false, got " + quoted(*v));
}

// SageMaker's endpoint name rule: 1-63 of [A-Za-z0-9-], starting and ending alphanumeric.
bool valid_endpoint_name(std::string_view name) {
  if (name.empty() || name.size() > 63 || name.front() == '-' || name.back() == '-') return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
      return false;
  return true;
}

Result<void> parse_llm(const Settings& s, LlmSettings& llm) {
  if (auto mode = setting(s, "mode")) {
    if (*mode == "chat")
      llm.mode = LlmMode::chat;
    else if (*mode == "completion")
      llm.mode = LlmMode::completion;
    else
      return bad("mode", "expected chat or completion, got " + quoted(*mode));
  }
  auto context = integer(s, "context_length", 4096, 1, 100'000'000);
  if (!context) return std::unexpected(context.error());
  llm.context_length = *context;
  auto max_tokens = integer(s, "max_tokens", std::min<std::int64_t>(512, *context), 1, *context);
  if (!max_tokens) return std::unexpected(max_tokens.error());
  llm.max_tokens_default = *max_tokens;
  if (auto fc = setting(s, "function_calling_type")) {
    if (*fc == "no_call" || *fc == "none")
      llm.function_calling = FunctionCalling::none;
    else if (*fc == "tool_call" || *fc == "function_call")
      llm.function_calling = FunctionCalling::tool_call;
    else if (*fc == "stream_tool_call")
      llm.function_calling = FunctionCalling::stream_tool_call;
    else
      return bad("function_calling_type",
                 "expected no_call, tool_call or stream_tool_call, got " + quoted(*fc));
  }
  // Dify's form offers support/no_support; only "support" turns vision on (the seed plugin
  // took any non-empty string, so "no_support" advertised vision).
  if (auto vision = setting(s, "vision_support")) {
    auto on = boolean(s, "vision_support", false);
    if (!on) return std::unexpected(on.error());
    llm.vision = *on;
  }
  if (auto format = setting(s, "payload_format")) {
    auto parsed = models::parse_chat_format(*format);
    if (!parsed) return bad("payload_format", parsed.error().message);
    llm.format = *parsed;
  }
  if (auto name = setting(s, "chat_template")) {
    auto tmpl = name->starts_with("{") ? models::ChatTemplate::from_json(*name)
                                       : models::ChatTemplate::named(*name);
    if (!tmpl) return bad("chat_template", tmpl.error().message);
    llm.codec.chat_template = std::move(*tmpl);
  }
  llm.codec.default_max_new_tokens = llm.max_tokens_default;
  auto in_prompt = boolean(s, "tools_in_prompt", false);
  if (!in_prompt) return std::unexpected(in_prompt.error());
  llm.codec.tools_in_prompt = *in_prompt;
  auto think = boolean(s, "think_open_at_start", false);
  if (!think) return std::unexpected(think.error());
  llm.think_open_at_start = *think;
  return {};
}

Result<void> parse_embedding(const Settings& s, EmbeddingSettings& e) {
  if (auto format = setting(s, "payload_format"); format && *format != "auto") {
    auto parsed = models::parse_embedding_format(*format);
    if (!parsed) return bad("payload_format", parsed.error().message);
    e.format = *parsed;
  }
  auto batch = integer(s, "embedding_batch_size", 32, 1, 2048);
  if (!batch) return std::unexpected(batch.error());
  e.batch_size = static_cast<std::size_t>(*batch);
  // Present but blank means "no instruction" only when given explicitly as a field; Dify sends
  // "" for untouched fields, so blank keeps the format's default.
  if (auto instruction = setting(s, "query_instruction"))
    e.query_instruction = std::string(*instruction);
  auto context = integer(s, "context_length", 8192, 1, 100'000'000);
  if (!context) return std::unexpected(context.error());
  e.context_size = *context;
  return {};
}

Result<void> parse_rerank(const Settings& s, RerankSettings& r) {
  if (auto format = setting(s, "payload_format"); format && *format != "auto") {
    auto parsed = models::parse_rerank_format(*format);
    if (!parsed) return bad("payload_format", parsed.error().message);
    r.format = *parsed;
  }
  auto batch = integer(s, "rerank_batch_size", 32, 1, 32);
  if (!batch) return std::unexpected(batch.error());
  r.batch_size = static_cast<std::size_t>(*batch);
  auto sig = boolean(s, "rerank_sigmoid", r.format == models::RerankFormat::flag);
  if (!sig) return std::unexpected(sig.error());
  r.sigmoid = *sig;
  return {};
}

}  // namespace

std::string_view to_string(LlmMode mode) {
  return mode == LlmMode::chat ? "chat" : "completion";
}

Result<ModelConfig> parse_model_config(ModelType type, std::string model_name, const Settings& s) {
  ModelConfig c;
  c.type = type;
  c.model_name = std::move(model_name);
  c.endpoint = text(s, "sagemaker_endpoint");
  if (c.endpoint.empty()) return bad("sagemaker_endpoint", "required (the endpoint's name)");
  if (!valid_endpoint_name(c.endpoint))
    return bad(
        "sagemaker_endpoint",
        "expected an endpoint name (1-63 letters, digits and hyphens), got " + quoted(c.endpoint));
  c.model_id = text(s, "model_id");
  c.inference_component = text(s, "inference_component");
  c.custom_attributes = text(s, "custom_attributes");
  if (c.custom_attributes.size() > 1024) return bad("custom_attributes", "at most 1024 characters");
  c.target_variant = text(s, "target_variant");
  auto metadata = boolean(s, "enable_request_metadata", false);
  if (!metadata) return std::unexpected(metadata.error());
  c.enable_request_metadata = *metadata;
  auto timeout = integer(s, "request_timeout", 70, 1, 3600);
  if (!timeout) return std::unexpected(timeout.error());
  c.request_timeout = std::chrono::seconds(*timeout);

  c.aws.region = text(s, "aws_region");
  c.aws.endpoint_url = text(s, "endpoint_url");
  if (!c.aws.endpoint_url.empty() && !c.aws.endpoint_url.starts_with("http://") &&
      !c.aws.endpoint_url.starts_with("https://"))
    return bad("endpoint_url",
               "expected an http:// or https:// URL, got " + quoted(c.aws.endpoint_url));
  c.aws.access_key_id = text(s, "aws_access_key_id");
  c.aws.secret_access_key = text(s, "aws_secret_access_key");
  c.aws.session_token = text(s, "aws_session_token");
  if (c.aws.access_key_id.empty() != c.aws.secret_access_key.empty())
    return bad(c.aws.access_key_id.empty() ? "aws_access_key_id" : "aws_secret_access_key",
               "aws_access_key_id and aws_secret_access_key go together (give both or neither)");
  c.aws.profile = text(s, "aws_profile");
  c.aws.role_arn = text(s, "assume_role_arn");
  if (!c.aws.role_arn.empty() && !c.aws.role_arn.starts_with("arn:"))
    return bad("assume_role_arn", "expected a role ARN (arn:aws:iam::ACCOUNT:role/NAME), got " +
                                      quoted(c.aws.role_arn));
  c.aws.external_id = text(s, "external_id");
  if (!c.aws.external_id.empty() && c.aws.role_arn.empty())
    return bad("external_id", "only used with assume_role_arn, which is empty");
  c.aws.role_session_name = text(s, "role_session_name");
  if (setting(s, "role_duration_seconds")) {
    auto duration = integer(s, "role_duration_seconds", 3600, 900, 43200);
    if (!duration) return std::unexpected(duration.error());
    c.aws.role_duration_seconds = static_cast<int>(*duration);
  }

  c.audio.s3_cache_bucket = text(s, "audio_s3_cache_bucket");
  c.audio.model_type = text(s, "audio_model_type");
  c.audio.prompt_audio = text(s, "prompt_audio");
  c.audio.prompt_text = text(s, "prompt_text");
  c.audio.instruct_text = text(s, "instruct_text");
  c.audio.payload_format = text(s, "payload_format");

  Result<void> typed;
  switch (type) {
    case ModelType::llm:
      typed = parse_llm(s, c.llm);
      break;
    case ModelType::text_embedding:
      typed = parse_embedding(s, c.embedding);
      break;
    case ModelType::rerank:
      typed = parse_rerank(s, c.rerank);
      break;
    case ModelType::tts:
    case ModelType::speech2text:
      break;
  }
  if (!typed) return std::unexpected(typed.error());
  return c;
}

sagemaker::ConnectionSettings connection_settings(const ModelConfig& config) {
  sagemaker::ConnectionSettings s;
  s.region = config.aws.region;
  s.endpoint_url = config.aws.endpoint_url;
  s.credentials.access_key_id = config.aws.access_key_id;
  s.credentials.secret_access_key = config.aws.secret_access_key;
  s.credentials.session_token = config.aws.session_token;
  s.credentials.profile = config.aws.profile;
  s.credentials.role_arn = config.aws.role_arn;
  s.credentials.external_id = config.aws.external_id;
  s.credentials.role_session_name = config.aws.role_session_name;
  s.credentials.duration_seconds = config.aws.role_duration_seconds;
  s.credentials.model_type = std::string(to_string(config.type));
  s.call.idle_timeout =
      std::chrono::duration_cast<std::chrono::milliseconds>(config.request_timeout);
  // The container may still be working on a request whose read timed out: never run it twice.
  s.call.retry_read_timeouts = false;
  return s;
}

std::string connection_identity(const ModelConfig& config) {
  const auto& a = config.aws;
  // The secrets only as a digest of all of them, so the key can sit in memory and in maps
  // without being a secret itself, and a changed secret is a different identity.
  const std::string secrets = aws::sha256_hex(a.secret_access_key + '\n' + a.session_token);
  std::string key;
  for (const std::string* part : {&a.region, &a.endpoint_url, &a.access_key_id, &secrets,
                                  &a.profile, &a.role_arn, &a.external_id, &a.role_session_name}) {
    key += std::to_string(part->size());
    key += ':';
    key += *part;
    key += '|';
  }
  key += std::to_string(a.role_duration_seconds.value_or(0));
  key += '|';
  key += std::to_string(config.request_timeout.count());
  key += '|';
  key += to_string(config.type);  // session names carry the model type
  return key;
}

}  // namespace smp::provider
