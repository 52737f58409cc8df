// Provider::validate against the emulator: success per model type, and the diagnosis text for
// a wrong secret, an unknown endpoint, a role that needs an ExternalId, an endpoint that is not
// InService and a payload format that does not fit. Plus the identity cache: two tenants with
// different secrets never share a connection.
#include "provider/provider_fixture.hpp"

namespace smp::provider::testing {
namespace {

constexpr const char* kConfig = R"(
endpoints:
  - name: demo-chat
    container: vllm
  - name: demo-embed
    backend: {container: tei, task: embed}
  - name: demo-rerank
    backend: {container: tei, task: rerank}
  - name: demo-tts
    container: cosyvoice
  - name: still-creating
    container: vllm
    status: Creating
)";

class ValidateTest : public ProviderTest {
 protected:
  void SetUp() override { start(kConfig); }

  Error validation_error(ModelType type, const Settings& s) {
    auto c = config(type, s);
    auto r = run(provider_->validate(c));
    EXPECT_FALSE(r) << "validation passed";
    return r ? Error{} : r.error();
  }
};

TEST_F(ValidateTest, EveryModelTypeValidates) {
  EXPECT_TRUE(run(provider_->validate(config(ModelType::llm, settings("demo-chat")))));
  EXPECT_TRUE(run(provider_->validate(config(ModelType::text_embedding, settings("demo-embed")))));
  EXPECT_TRUE(run(provider_->validate(config(ModelType::rerank, settings("demo-rerank")))));
  EXPECT_TRUE(run(provider_->validate(config(ModelType::tts, settings("demo-tts")))));
  EXPECT_GE(logged("InvokeEndpointWithResponseStream", 1), 1u);
  std::set<std::string> operations;
  for (const auto& e : emulator_->request_log().snapshot())
    operations.insert(e.operation);
  EXPECT_TRUE(operations.contains("DescribeEndpoint"));
  EXPECT_TRUE(operations.contains("InvokeEndpoint"));
  EXPECT_TRUE(operations.contains("InvokeEndpointWithResponseStream"));
}

TEST_F(ValidateTest, AWrongSecretIsInvalidCredentials) {
  auto s = settings("demo-chat");
  s["aws_secret_access_key"] = "not-the-secret";
  auto e = validation_error(ModelType::llm, s);
  EXPECT_EQ(e.kind, ErrorKind::auth);
  EXPECT_TRUE(e.message.starts_with("Invalid credentials:")) << e.message;
  EXPECT_NE(e.message.find("Fix:"), std::string::npos) << e.message;
  EXPECT_EQ(e.message.find("not-the-secret"), std::string::npos);
}

TEST_F(ValidateTest, AnUnknownEndpointIsEndpointNotFound) {
  auto e = validation_error(ModelType::llm, settings("no-such-endpoint"));
  EXPECT_EQ(e.kind, ErrorKind::not_found);
  EXPECT_TRUE(e.message.starts_with("Endpoint Not Found:")) << e.message;
  EXPECT_NE(e.message.find("no-such-endpoint"), std::string::npos) << e.message;
}

TEST_F(ValidateTest, ARoleThatNeedsAnExternalId) {
  auto s = settings("demo-chat");
  s["assume_role_arn"] = "arn:aws:iam::000000000000:role/demo-external";
  auto e = validation_error(ModelType::llm, s);
  EXPECT_EQ(e.kind, ErrorKind::auth);
  EXPECT_TRUE(e.message.starts_with("Access Denied:")) << e.message;
  EXPECT_NE(e.message.find("External ID"), std::string::npos) << e.message;

  s["external_id"] = "demo-external-id";
  auto ok = run(provider_->validate(config(ModelType::llm, s)));
  EXPECT_TRUE(ok) << ok.error().message;
}

TEST_F(ValidateTest, AnEndpointThatIsNotInService) {
  auto e = validation_error(ModelType::llm, settings("still-creating"));
  EXPECT_TRUE(e.message.starts_with("Endpoint not InService:")) << e.message;
}

TEST_F(ValidateTest, APayloadFormatThatDoesNotFit) {
  auto s = settings("demo-embed");
  s["payload_format"] = "cohere";
  auto e = validation_error(ModelType::text_embedding, s);
  EXPECT_TRUE(e.message.find("demo-embed") != std::string::npos) << e.message;
  EXPECT_NE(e.message.find("payload_format"), std::string::npos) << e.message;
}

TEST_F(ValidateTest, TenantsWithDifferentSecretsNeverShareAConnection) {
  auto good = settings("demo-chat");
  auto bad = settings("demo-chat");
  bad["aws_secret_access_key"] = "wrong";
  ChatCall call;
  call.request.messages.push_back(models::ChatMessage::text(models::ChatRole::user, "hi"));
  // The bad tenant first, then the good one, then the bad one again: each keeps its own
  // credentials whatever the order.
  auto b1 = run(provider_->chat(config(ModelType::llm, bad), call));
  auto g = run(provider_->chat(config(ModelType::llm, good), call));
  auto b2 = run(provider_->chat(config(ModelType::llm, bad), call));
  EXPECT_FALSE(b1);
  ASSERT_TRUE(g) << g.error().describe();
  EXPECT_FALSE(b2);
  EXPECT_EQ(provider_->connections().opened(), 2u);
  EXPECT_EQ(provider_->connections().size(), 2u);
}

TEST(ConnectionCacheBound, LeastRecentlyUsedIdentitiesAreDropped) {
  boost::asio::io_context io;
  http::Client http(io.get_executor());
  MapEnvironment env{{"HOME", "/nonexistent"}};
  sagemaker::ConnectionContext context;
  context.environment = &env;
  ConnectionCache cache(http, context, 2);
  auto make = [](std::string key) {
    Settings s{{"sagemaker_endpoint", "e"},
               {"aws_region", "us-east-1"},
               {"aws_access_key_id", key},
               {"aws_secret_access_key", "s"}};
    return *parse_model_config(ModelType::llm, "m", s);
  };
  auto a = cache.get(make("A"));
  auto b = cache.get(make("B"));
  ASSERT_TRUE(a && b);
  EXPECT_EQ(cache.get(make("A"))->get(), a->get());  // hit; A is now the most recent
  ASSERT_TRUE(cache.get(make("C")));                 // drops B
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.get(make("A"))->get(), a->get());
  EXPECT_NE(cache.get(make("B"))->get(), b->get());  // reopened
  EXPECT_EQ(cache.opened(), 4u);
}

}  // namespace
}  // namespace smp::provider::testing
