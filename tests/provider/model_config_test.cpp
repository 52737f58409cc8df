// Settings → ModelConfig: defaults, every field that can be wrong names itself, features, and
// the identity that keys the connection cache.
#include "provider/model_config.hpp"

#include <gtest/gtest.h>

#include "provider/model_features.hpp"
#include "provider/token_count.hpp"

namespace smp::provider {
namespace {

Settings base() {
  return {{"sagemaker_endpoint", "my-ep"}, {"aws_region", "us-east-1"}};
}

std::string error_of(ModelType type, Settings s) {
  auto c = parse_model_config(type, "m", s);
  EXPECT_FALSE(c) << "expected an error";
  if (c) return {};
  EXPECT_EQ(c.error().kind, ErrorKind::invalid_argument);
  EXPECT_EQ(c.error().code, "InvalidModelSetting");
  return c.error().message;
}

TEST(ModelType, DifyNamesRoundTrip) {
  for (auto t : {ModelType::llm, ModelType::text_embedding, ModelType::rerank, ModelType::tts,
                 ModelType::speech2text}) {
    auto parsed = parse_model_type(to_string(t));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(*parsed, t);
  }
  EXPECT_EQ(to_string(ModelType::text_embedding), "text-embedding");
  auto bad = parse_model_type("moderation");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("text-embedding"), std::string::npos);
}

TEST(ModelConfig, DefaultsFromTheSeedPluginsForm) {
  // The exact credentials Dify sends for a new LLM (dify-plugin-protocol.md §8 example).
  Settings s{{"aws_region", "us-east-1"},
             {"context_length", "4096"},
             {"function_calling_type", "no_call"},
             {"mode", "chat"},
             {"model_id", "Qwen/Qwen3-VL-2B-Instruct"},
             {"sagemaker_endpoint", "my-ep"},
             {"vision_support", "no_support"}};
  auto c = parse_model_config(ModelType::llm, "qwen3", s);
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_EQ(c->endpoint, "my-ep");
  EXPECT_EQ(c->model_id, "Qwen/Qwen3-VL-2B-Instruct");
  EXPECT_EQ(c->llm.mode, LlmMode::chat);
  EXPECT_EQ(c->llm.context_length, 4096);
  EXPECT_FALSE(c->llm.vision);  // "no_support" is off (the seed plugin turned it on)
  EXPECT_EQ(c->llm.function_calling, FunctionCalling::none);
  EXPECT_EQ(c->llm.format, models::ChatFormat::automatic);
  EXPECT_EQ(c->request_timeout, std::chrono::seconds(70));
  auto f = describe_model(*c);
  EXPECT_EQ(f.mode, "chat");
  EXPECT_EQ(f.context_size, 4096);
  EXPECT_TRUE(f.dify_feature_names().empty());
}

TEST(ModelConfig, FeaturesFollowTheForm) {
  auto s = base();
  s["function_calling_type"] = "stream_tool_call";
  s["vision_support"] = "support";
  s["mode"] = "completion";
  s["context_length"] = "300";
  auto c = parse_model_config(ModelType::llm, "m", s);
  ASSERT_TRUE(c);
  auto f = describe_model(*c);
  EXPECT_EQ(f.mode, "completion");
  EXPECT_EQ(f.max_tokens_default, 300);  // the default 512 is capped by the context
  EXPECT_EQ(f.dify_feature_names(), (std::vector<std::string>{"tool-call", "multi-tool-call",
                                                              "stream-tool-call", "vision"}));
  s["function_calling_type"] = "tool_call";
  c = parse_model_config(ModelType::llm, "m", s);
  EXPECT_FALSE(describe_model(*c).stream_tool_call);
  EXPECT_TRUE(describe_model(*c).tool_call);

  auto e = base();
  e["embedding_batch_size"] = "16";
  auto ec = parse_model_config(ModelType::text_embedding, "m", e);
  ASSERT_TRUE(ec);
  EXPECT_EQ(describe_model(*ec).max_chunks, 16);
  EXPECT_EQ(ec->embedding.format, models::EmbeddingFormat::tei);
}

TEST(ModelConfig, ErrorsNameTheField) {
  struct Case {
    ModelType type;
    std::string key, value, field;
  };
  const Case cases[] = {
      {ModelType::llm, "sagemaker_endpoint", "", "sagemaker_endpoint"},
      {ModelType::llm, "sagemaker_endpoint", "bad name!", "sagemaker_endpoint"},
      {ModelType::llm, "context_length", "4k", "context_length"},
      {ModelType::llm, "context_length", "0", "context_length"},
      {ModelType::llm, "mode", "chatty", "mode"},
      {ModelType::llm, "function_calling_type", "yes", "function_calling_type"},
      {ModelType::llm, "vision_support", "maybe", "vision_support"},
      {ModelType::llm, "payload_format", "bedrock", "payload_format"},
      {ModelType::llm, "chat_template", "nonesuch", "chat_template"},
      {ModelType::llm, "request_timeout", "-5", "request_timeout"},
      {ModelType::llm, "enable_request_metadata", "perhaps", "enable_request_metadata"},
      {ModelType::llm, "endpoint_url", "localhost:9000", "endpoint_url"},
      {ModelType::llm, "assume_role_arn", "my-role", "assume_role_arn"},
      {ModelType::llm, "external_id", "x", "external_id"},                     // without a role
      {ModelType::llm, "aws_access_key_id", "AKIA", "aws_secret_access_key"},  // the missing one
      {ModelType::text_embedding, "payload_format", "tgi", "payload_format"},
      {ModelType::text_embedding, "embedding_batch_size", "0", "embedding_batch_size"},
      {ModelType::rerank, "payload_format", "bge-m3", "payload_format"},
      {ModelType::rerank, "rerank_batch_size", "64", "rerank_batch_size"},
  };
  for (const auto& c : cases) {
    auto s = base();
    s[c.key] = c.value;
    if (c.key == "aws_access_key_id") s.erase("aws_secret_access_key");
    std::string message = error_of(c.type, s);
    EXPECT_TRUE(message.starts_with(c.field + ":")) << c.key << "=" << c.value << " → " << message;
  }
}

TEST(ModelConfig, ASecretIsNeverQuotedInAnError) {
  auto s = base();
  s["aws_secret_access_key"] = "very-secret-value";
  std::string message = error_of(ModelType::llm, s);
  EXPECT_EQ(message.find("very-secret"), std::string::npos) << message;
}

TEST(ModelConfig, BlankMeansDefault) {
  auto s = base();
  s["context_length"] = "  ";
  s["payload_format"] = "";
  s["embedding_batch_size"] = "";
  auto c = parse_model_config(ModelType::llm, "m", s);
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_EQ(c->llm.context_length, 4096);
}

TEST(ModelConfig, ConnectionSettingsCarryEveryIdentityField) {
  auto s = base();
  s["aws_access_key_id"] = "AKIAEXAMPLE";
  s["aws_secret_access_key"] = "secret";
  s["assume_role_arn"] = "arn:aws:iam::123456789012:role/r";
  s["external_id"] = "ext";
  s["endpoint_url"] = "http://127.0.0.1:1";
  s["request_timeout"] = "5";
  auto c = parse_model_config(ModelType::rerank, "m", s);
  ASSERT_TRUE(c);
  auto cs = connection_settings(*c);
  EXPECT_EQ(cs.region, "us-east-1");
  EXPECT_EQ(cs.endpoint_url, "http://127.0.0.1:1");
  EXPECT_EQ(cs.credentials.access_key_id, "AKIAEXAMPLE");
  EXPECT_EQ(cs.credentials.secret_access_key, "secret");
  EXPECT_EQ(cs.credentials.role_arn, "arn:aws:iam::123456789012:role/r");
  EXPECT_EQ(cs.credentials.external_id, "ext");
  EXPECT_EQ(cs.credentials.model_type, "rerank");
  EXPECT_EQ(cs.call.idle_timeout, std::chrono::seconds(5));
  EXPECT_FALSE(cs.call.retry_read_timeouts);
}

TEST(ConnectionIdentity, EveryCredentialFieldSeparatesAndNoSecretShows) {
  auto s = base();
  s["aws_access_key_id"] = "AKIAEXAMPLE";
  s["aws_secret_access_key"] = "tenant-a-secret";
  s["assume_role_arn"] = "arn:aws:iam::123456789012:role/r";
  s["external_id"] = "ext";
  auto a = parse_model_config(ModelType::llm, "m", s);
  ASSERT_TRUE(a);
  const auto key = connection_identity(*a);
  EXPECT_EQ(key.find("tenant-a-secret"), std::string::npos);
  // Another model on the same endpoint and identity shares it.
  auto same = s;
  same["sagemaker_endpoint"] = "other-ep";
  EXPECT_EQ(connection_identity(*parse_model_config(ModelType::llm, "n", same)), key);
  for (auto [field, value] : std::vector<std::pair<std::string, std::string>>{
           {"aws_secret_access_key", "tenant-b"},
           {"aws_access_key_id", "AKIAOTHER"},
           {"assume_role_arn", "arn:aws:iam::123456789012:role/x"},
           {"external_id", "ext2"},
           {"aws_region", "eu-west-1"},
           {"endpoint_url", "http://localhost:1"},
           {"aws_profile", "p"},
           {"aws_session_token", "t"}}) {
    auto other = s;
    other[field] = value;
    auto c = parse_model_config(ModelType::llm, "m", other);
    ASSERT_TRUE(c) << field;
    EXPECT_NE(connection_identity(*c), key) << field;
  }
}

TEST(TokenCount, EstimatesAreDeterministicAndGrow) {
  models::ChatRequest r;
  r.messages.push_back(models::ChatMessage::text(models::ChatRole::user, "hello there"));
  auto small = estimate_chat_tokens(r);
  r.messages.push_back(models::ChatMessage::text(models::ChatRole::user, std::string(400, 'a')));
  EXPECT_GT(estimate_chat_tokens(r), small + 90);
  auto counts = estimate_text_tokens({"abcd", "", "日本語"});
  EXPECT_EQ(counts.size(), 3u);
  EXPECT_EQ(counts[2], 3);
}

}  // namespace
}  // namespace smp::provider
