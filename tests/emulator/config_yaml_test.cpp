// The YAML configuration: every section, the defaults it falls back to, and errors that name the
// offending key.
#include "emulator/config_yaml.hpp"

#include <gtest/gtest.h>

namespace smp::emulator {
namespace {

const char* kFullConfig = R"(
account: "111122223333"
seed: 9
sts_duration_scale: 0.01
max_clock_skew_seconds: 120
identities:
  - name: alice
    access_key_id: AKIAALICE
    secret_access_key: alice-secret
    allow:
      - action: sagemaker:InvokeEndpoint
        resources: [chat, "arn:aws:sagemaker:*:*:endpoint/embed-*"]
      - actions: [sts:AssumeRole]
roles:
  - arn: arn:aws:iam::111122223333:role/reader
    trust: [AKIAALICE]
    external_id: ext-1
    max_session_duration: 7200
    session_duration: 5
    web_identity:
      providers: [oidc.example.com]
buckets: [media]
endpoints:
  - name: chat
    regions: [us-east-1, "eu-*"]
    backend:
      container: vllm
      model_id: Qwen/Qwen3-8B
      reasoning_field: reasoning_content
      custom_knob: "7"
    variants:
      - {name: blue, weight: 3, instance_count: 2}
      - {name: green, weight: 1}
    chunking: {random: true, min_part: 1, max_part: 8, seed: 3}
    latency: {first_byte_ms: 20, per_part_ms: 5}
    faults:
      - {kind: model_stream_error, rate: 0.25, after_parts: 3, error_code: StreamBroken}
      - {kind: throttling, rate: 0.1, operations: [InvokeEndpoint]}
  - name: components
    status: Updating
    inference_components:
      - name: ic-a
        backend: {container: tgi}
  - name: forwarded
    url: http://127.0.0.1:8080
)";

TEST(ConfigYaml, ReadsEverySection) {
  const auto config = parse_config_yaml(kFullConfig, MapEnvironment{});
  ASSERT_TRUE(config.has_value()) << config.error().message;
  EXPECT_EQ(config->account, "111122223333");
  EXPECT_EQ(config->seed, 9u);
  EXPECT_DOUBLE_EQ(config->sts_duration_scale, 0.01);
  EXPECT_EQ(config->max_clock_skew, std::chrono::seconds(120));
  ASSERT_EQ(config->identities.size(), 1u);
  const auto& alice = config->identities[0];
  EXPECT_EQ(alice.name, "alice");
  EXPECT_TRUE(
      alice.policy.allows("sagemaker:InvokeEndpoint",
                          {"arn:aws:sagemaker:us-east-1:111122223333:endpoint/chat", "chat"}));
  EXPECT_TRUE(alice.policy.allows("sagemaker:invokeendpoint",
                                  {"arn:aws:sagemaker:eu-west-1:1:endpoint/embed-1", "embed-1"}));
  EXPECT_FALSE(alice.policy.allows("sagemaker:InvokeEndpoint",
                                   {"arn:aws:sagemaker:us-east-1:1:endpoint/other", "other"}));
  EXPECT_TRUE(alice.policy.allows("sts:AssumeRole", {"arn:aws:iam::1:role/any", "any"}));
  ASSERT_EQ(config->roles.size(), 1u);
  const auto& role = config->roles[0];
  EXPECT_EQ(role.name(), "reader");
  EXPECT_EQ(role.account(), "111122223333");
  EXPECT_EQ(role.external_id, "ext-1");
  EXPECT_EQ(role.max_session_duration, std::chrono::seconds(7200));
  EXPECT_EQ(role.session_duration, std::chrono::seconds(5));
  EXPECT_EQ(role.web_identity.providers, std::vector<std::string>{"oidc.example.com"});
  EXPECT_EQ(config->buckets, std::vector<std::string>{"media"});
  ASSERT_EQ(config->endpoints.size(), 3u);
  const auto& chat = config->endpoints[0];
  EXPECT_EQ(chat.backend.container, "vllm");
  EXPECT_EQ(chat.backend.options.model_id, "Qwen/Qwen3-8B");
  EXPECT_EQ(chat.backend.options.reasoning_field, "reasoning_content");
  EXPECT_EQ(chat.backend.options.extra.at("custom_knob"), "7");
  ASSERT_EQ(chat.variants.size(), 2u);
  EXPECT_DOUBLE_EQ(chat.variants[0].weight, 3);
  EXPECT_EQ(chat.variants[0].instance_count, 2);
  EXPECT_TRUE(chat.chunking.random);
  EXPECT_EQ(chat.chunking.max_part, 8u);
  EXPECT_EQ(chat.latency.first_byte, std::chrono::milliseconds(20));
  ASSERT_EQ(chat.faults.size(), 2u);
  EXPECT_EQ(chat.faults[0].kind, FaultKind::model_stream_error);
  EXPECT_EQ(chat.faults[0].after_parts, 3u);
  EXPECT_EQ(chat.faults[1].operations, std::vector<std::string>{"InvokeEndpoint"});
  EXPECT_EQ(config->endpoints[1].status, "Updating");
  EXPECT_EQ(config->endpoints[1].inference_components[0].backend.container, "tgi");
  EXPECT_EQ(config->endpoints[2].backend.url, "http://127.0.0.1:8080");
}

TEST(ConfigYaml, AbsentSectionsKeepTheDefaults) {
  const auto config = parse_config_yaml("seed: 1\n", MapEnvironment{});
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->account, "000000000000");
  ASSERT_EQ(config->identities.size(), 1u);
  EXPECT_EQ(config->identities[0].access_key_id, "test");
  EXPECT_EQ(config->endpoints.size(), 5u);
  EXPECT_EQ(config->roles.size(), 2u);
}

TEST(ConfigYaml, DefaultsIncludeTheEnvironmentKeyPair) {
  MapEnvironment env{{"SMP_EMULATOR_ACCESS_KEY_ID", "AKIAENV"},
                     {"SMP_EMULATOR_SECRET_ACCESS_KEY", "env-secret"}};
  const auto config = default_config(env);
  ASSERT_EQ(config.identities.size(), 2u);
  EXPECT_EQ(config.identities[1].access_key_id, "AKIAENV");
  EXPECT_EQ(config.roles[0].arn, "arn:aws:iam::000000000000:role/demo");
  EXPECT_NE(std::find(config.roles[0].trust.begin(), config.roles[0].trust.end(), "AKIAENV"),
            config.roles[0].trust.end());
  EXPECT_EQ(config.roles[1].arn, "arn:aws:iam::000000000000:role/demo-external");
  EXPECT_EQ(config.roles[1].external_id, "demo-external-id");
  std::vector<std::string> names;
  for (const auto& e : config.endpoints)
    names.push_back(e.name + "=" + e.backend.container);
  EXPECT_EQ(names, (std::vector<std::string>{"demo-chat=vllm", "demo-embed=tei", "demo-rerank=tei",
                                             "demo-tts=cosyvoice", "demo-asr=whisper"}));
}

TEST(ConfigYaml, ErrorsNameTheKey) {
  struct Case {
    std::string yaml;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"acount: x\n", "config.acount: unknown key"},
      {"endpoints:\n  - name: a\n    container: nope\n",
       "endpoints[0].container: unknown container 'nope'"},
      {"endpoints:\n  - name: a\n    container: vllm\n    faults:\n      - {kind: boom}\n",
       "endpoints[0].faults[0].kind: unknown fault kind 'boom'"},
      {"endpoints:\n  - name: a\n    container: vllm\n    faults:\n      - {kind: throttling, "
       "rate: 2}\n",
       "endpoints[0].faults[0].rate: must be between 0 and 1"},
      {"endpoints:\n  - name: a\n", "endpoints[0]: needs a backend"},
      {"endpoints:\n  - name: a\n    url: https://x\n", "only http:// URLs"},
      {"roles:\n  - arn: nope\n", "roles[0].arn: expected arn:aws:iam::ACCOUNT:role/NAME"},
      {"identities:\n  - access_key_id: a\n",
       "identities[0]: needs access_key_id and secret_access_key"},
      {"account: '12'\n", "account: must be 12 digits"},
      {"endpoints: [ {name: a, container: vllm}, {name: a, container: tei} ]\n",
       "duplicate endpoint 'a'"},
      {"endpoints: {oops\n", "YAML:"},
  };
  for (const auto& c : cases) {
    const auto config = parse_config_yaml(c.yaml, MapEnvironment{});
    ASSERT_FALSE(config.has_value()) << c.yaml;
    EXPECT_EQ(config.error().kind, ErrorKind::invalid_argument);
    EXPECT_NE(config.error().message.find(c.expected), std::string::npos)
        << c.yaml << " -> " << config.error().message;
  }
}

TEST(ConfigYaml, MissingFileIsAnError) {
  const auto config = load_config_file("/nonexistent/emulator.yaml", MapEnvironment{});
  ASSERT_FALSE(config.has_value());
  EXPECT_NE(config.error().message.find("/nonexistent/emulator.yaml"), std::string::npos);
}

}  // namespace
}  // namespace smp::emulator
