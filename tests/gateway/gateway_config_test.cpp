#include "gateway/gateway_config.hpp"

#include <gtest/gtest.h>

#include "gateway/env_expand.hpp"
#include "gateway/model_table.hpp"

namespace smp::gateway {
namespace {

std::string setting(const ModelEntry& entry, std::string_view key) {
  for (const auto& [k, v] : entry.settings)
    if (k == key) return v;
  return "<absent>";
}

constexpr std::string_view kExample = R"(
listen: 0.0.0.0:9090
api_keys:
  - { key: "${GATEWAY_KEY}", models: ["*"] }
  - { key: team-b-key-123, name: team-b, models: [bge-m3] }
aws: { region: us-east-1, assume_role_arn: "arn:aws:iam::123456789012:role/gw", external_id: x-1 }
models:
  - { name: qwen3, type: llm, endpoint: my-llm-ep, model_id: Qwen/Qwen3-8B, format: auto,
      inference_component: ic-1, context_length: 32768 }
  - { name: bge-m3, type: text-embedding, endpoint: my-embed-ep, format: bge-m3,
      aws: { region: eu-west-1 } }
  - { name: reranker, type: rerank, endpoint: my-rerank-ep, format: tei }
)";

TEST(GatewayConfig, ExampleParsesWithAliasesDefaultsAndOverrides) {
  MapEnvironment env{{"GATEWAY_KEY", "sk-gateway-secret"}};
  auto config = parse_gateway_config(kExample, env);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->listen, "0.0.0.0:9090");
  ASSERT_EQ(config->api_keys.size(), 2u);
  EXPECT_EQ(config->api_keys[0].key, "sk-gateway-secret");
  EXPECT_EQ(config->api_keys[0].name, "key0");
  EXPECT_EQ(config->api_keys[1].name, "team-b");
  EXPECT_EQ(config->api_keys[1].models, std::vector<std::string>{"bge-m3"});
  ASSERT_EQ(config->models.size(), 3u);
  const auto& qwen = config->models[0];
  EXPECT_EQ(setting(qwen, "sagemaker_endpoint"), "my-llm-ep");
  EXPECT_EQ(setting(qwen, "payload_format"), "auto");
  EXPECT_EQ(setting(qwen, "context_length"), "32768");
  EXPECT_EQ(setting(qwen, "inference_component"), "ic-1");
  EXPECT_EQ(setting(qwen, "aws_region"), "us-east-1");
  EXPECT_EQ(setting(qwen, "assume_role_arn"), "arn:aws:iam::123456789012:role/gw");
  EXPECT_EQ(setting(config->models[1], "aws_region"), "eu-west-1");  // per-model override
  EXPECT_EQ(qwen.line, 8);

  // The provider accepts every entry.
  auto table = ModelTable::build(config->models);
  ASSERT_TRUE(table) << table.error().message;
  ASSERT_NE(table->find("bge-m3"), nullptr);
  EXPECT_EQ(table->find("bge-m3")->config.endpoint, "my-embed-ep");
  EXPECT_EQ(table->find("qwen3")->config.llm.context_length, 32768);
  EXPECT_EQ(table->find("nope"), nullptr);
}

TEST(GatewayConfig, MissingVariableIsAStartupErrorWithItsLine) {
  MapEnvironment env;
  auto config = parse_gateway_config(kExample, env, "gw.yaml");
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("gw.yaml"), std::string::npos);
  EXPECT_NE(config.error().message.find("GATEWAY_KEY"), std::string::npos);
  EXPECT_NE(config.error().message.find("line 4"), std::string::npos) << config.error().message;
}

TEST(GatewayConfig, ErrorsNamePathAndLine) {
  MapEnvironment env;
  auto expect_error = [&](std::string_view yaml, std::string_view needle) {
    auto config = parse_gateway_config(yaml, env);
    ASSERT_FALSE(config) << yaml;
    EXPECT_NE(config.error().message.find(needle), std::string::npos)
        << config.error().message << " lacks " << needle;
  };
  expect_error("models: [\n  {name: a, type: llm}\n]\n", "models[0].endpoint (line 2)");
  expect_error(
      "models:\n  - {name: a, type: llm, endpoint: e}\n  - {name: a, type: llm, "
      "endpoint: f}\n",
      "defined twice");
  expect_error("listen: x\nmodelz: []\n", "modelz (line 2): unknown key");
  expect_error("models: [\n", "line");
  expect_error("models:\n  - {name: a, type: llm, endpoint: e}\napi_keys: [{key: short}]\n",
               "at least 8");
  expect_error(
      "models:\n  - {name: a, type: llm, endpoint: e}\napi_keys:\n  - {key: "
      "long-enough-key, models: [b]}\n",
      "'b' is not one of the configured models");
  expect_error("", "empty");
}

TEST(GatewayConfig, LimitsAndKeepAlive) {
  MapEnvironment env;
  auto config = parse_gateway_config(
      "models: [{name: a, type: llm, endpoint: e}]\nstream_keepalive_ms: 0\nthreads: 3\n"
      "max_body_bytes: 4096\ndrain_timeout_seconds: 2\n",
      env);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->stream_keepalive.count(), 0);
  EXPECT_EQ(config->threads, 3u);
  EXPECT_EQ(config->max_body_bytes, 4096u);
  EXPECT_EQ(config->drain_timeout.count(), 2);
  auto defaults = parse_gateway_config("models: [{name: a, type: llm, endpoint: e}]\n", env);
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->stream_keepalive.count(), 15000);
  auto bad = parse_gateway_config(
      "models: [{name: a, type: llm, endpoint: e}]\nstream_keepalive_ms: soon\n", env);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("stream_keepalive_ms (line 2)"), std::string::npos)
      << bad.error().message;
}

TEST(GatewayConfig, ProviderErrorsNameTheEntry) {
  MapEnvironment env;
  auto config = parse_gateway_config(
      "models:\n  - {name: a, type: llm, endpoint: e}\n  - {name: b, type: banana, endpoint: "
      "e}\n",
      env);
  ASSERT_TRUE(config);
  auto table = ModelTable::build(config->models);
  ASSERT_FALSE(table);
  EXPECT_NE(table.error().message.find("models[1] 'b' (line 3)"), std::string::npos)
      << table.error().message;
  auto bad_field = parse_gateway_config(
      "models:\n  - {name: a, type: llm, endpoint: e, context_length: 4k}\n", env);
  ASSERT_TRUE(bad_field);
  auto table2 = ModelTable::build(bad_field->models);
  ASSERT_FALSE(table2);
  EXPECT_NE(table2.error().message.find("context_length"), std::string::npos);
}

TEST(EnvExpand, VariablesFallbacksAndEscapes) {
  MapEnvironment env{{"A", "1"}, {"EMPTY", ""}};
  EXPECT_EQ(expand_variables("x${A}y", env).value(), "x1y");
  EXPECT_EQ(expand_variables("${B:-dflt}", env).value(), "dflt");
  EXPECT_EQ(expand_variables("$$A and $5", env).value(), "$A and $5");
  EXPECT_EQ(expand_variables("${EMPTY:-e}", env).value(), "e");  // empty counts as unset
  EXPECT_FALSE(expand_variables("${B}", env));
  EXPECT_FALSE(expand_variables("${A", env));
  EXPECT_FALSE(expand_variables("${1A}", env));
  // A value is never re-expanded, so it cannot inject another reference.
  MapEnvironment nested{{"X", "${Y}"}};
  EXPECT_EQ(expand_variables("${X}", nested).value(), "${Y}");
}

}  // namespace
}  // namespace smp::gateway
