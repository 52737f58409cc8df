// The runtime in-process against the emulator: lines in, lines out, every line through the
// daemon's rules (ResponseChecker), sessions concurrent on one event loop.
#include "dify/runtime.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <mutex>
#include <thread>

#include "dify/response_rules.hpp"
#include "emulator/config_yaml.hpp"
#include "emulator/emulator.hpp"
#include "http/blocking_transport.hpp"

namespace smp::dify {
namespace {

namespace json = boost::json;

// Collects lines and checks each against the daemon's rules as it arrives.
class CheckingSink final : public LineSink {
 public:
  http::Task<Result<void>> write(std::string line) override {
    std::lock_guard lock(mutex_);
    if (auto ok = checker_.check_line(line); !ok) violations_.push_back(ok.error().message);
    lines_.push_back(std::move(line));
    co_return Result<void>{};
  }
  void expect(const std::string& sid, const std::string& action) {
    std::lock_guard lock(mutex_);
    checker_.expect(sid, action);
  }
  bool ended(const std::string& sid) {
    std::lock_guard lock(mutex_);
    return checker_.ended(sid);
  }
  std::vector<std::string> lines() {
    std::lock_guard lock(mutex_);
    return lines_;
  }
  std::vector<std::string> violations() {
    std::lock_guard lock(mutex_);
    return violations_;
  }

 private:
  std::mutex mutex_;
  ResponseChecker checker_;
  std::vector<std::string> lines_;
  std::vector<std::string> violations_;
};

class RuntimeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MapEnvironment env;
    auto config = emulator::parse_config_yaml(R"(
endpoints:
  - {name: fast-chat, container: vllm}
  - name: slow-chat
    container: vllm
    latency: {first_byte_ms: 50, per_part_ms: 40}
  - {name: embed, backend: {container: tei, task: embed}}
)",
                                              env);
    ASSERT_TRUE(config) << config.error().message;
    auto emu = emulator::Emulator::create(*config);
    ASSERT_TRUE(emu);
    emulator_ = std::move(*emu);
    ASSERT_TRUE(emulator_->start());
    http_ = std::make_unique<http::Client>(io_.get_executor());
    sagemaker::ConnectionContext context;
    context.environment = &env_;
    context.blocking_transport = http::make_blocking_transport();
    provider_ = std::make_unique<provider::Provider>(*http_, std::move(context));
    runtime_ = std::make_unique<Runtime>(io_.get_executor(), *provider_);
  }
  void TearDown() override {
    runtime_.reset();
    provider_.reset();
    http_.reset();
    emulator_->stop();
  }

  json::object creds(const std::string& endpoint) {
    json::object c;
    c["sagemaker_endpoint"] = endpoint;
    c["aws_region"] = "us-east-1";
    c["endpoint_url"] = emulator_->url();
    c["aws_access_key_id"] = "test";
    c["aws_secret_access_key"] = "test";
    c["payload_format"] = endpoint == "embed" ? "tei" : "";
    return c;
  }
  std::string request(const std::string& sid, const std::string& action, json::object data) {
    data["action"] = action;
    data["type"] = "model";
    data["user_id"] = "";
    data["provider"] = "sagemaker";
    json::object line;
    line["session_id"] = sid;
    line["event"] = "request";
    line["data"] = std::move(data);
    sink_->expect(sid, action);
    return json::serialize(line);
  }
  json::object chat(const std::string& endpoint, const std::string& text, int max_tokens) {
    json::object d;
    d["credentials"] = creds(endpoint);
    d["model"] = "m";
    d["model_type"] = "llm";
    d["stream"] = true;
    json::object params;
    params["max_tokens"] = max_tokens;
    d["model_parameters"] = std::move(params);
    json::object message;
    message["role"] = "user";
    message["content"] = text;
    json::array messages;
    messages.push_back(std::move(message));
    d["prompt_messages"] = std::move(messages);
    return d;
  }
  // Runs the loop until `done` or 30 s.
  void run_until(const std::function<bool()>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!done() && std::chrono::steady_clock::now() < deadline) {
      io_.run_for(std::chrono::milliseconds(5));
      if (io_.stopped()) io_.restart();
    }
  }
  std::size_t index_of_end(const std::string& sid) {
    auto lines = sink_->lines();
    for (std::size_t i = 0; i < lines.size(); ++i) {
      auto v = json::parse(lines[i]);
      if (v.at("event") == "session" && v.at("session_id") == sid.c_str() &&
          v.at("data").at("type") == "end")
        return i;
    }
    return lines.size();
  }

  MapEnvironment env_;
  std::unique_ptr<emulator::Emulator> emulator_;
  boost::asio::io_context io_;
  std::unique_ptr<http::Client> http_;
  std::unique_ptr<provider::Provider> provider_;
  std::unique_ptr<Runtime> runtime_;
  std::shared_ptr<CheckingSink> sink_ = std::make_shared<CheckingSink>();
};

TEST_F(RuntimeTest, ASlowStreamDoesNotHoldUpOtherSessions) {
  runtime_->on_line(request("slow", "invoke_llm", chat("slow-chat", "a long answer please", 40)),
                    sink_);
  runtime_->on_line(request("fast", "invoke_llm", chat("fast-chat", "quick", 8)), sink_);
  json::object count;
  count["model"] = "m";
  count["model_type"] = "llm";
  runtime_->on_line(request("count", "get_llm_num_tokens", count), sink_);
  run_until([&] { return sink_->ended("slow") && sink_->ended("fast") && sink_->ended("count"); });
  ASSERT_TRUE(sink_->ended("slow"));
  EXPECT_LT(index_of_end("fast"), index_of_end("slow"));
  EXPECT_LT(index_of_end("count"), index_of_end("slow"));
  EXPECT_TRUE(sink_->violations().empty()) << sink_->violations().front();
  EXPECT_EQ(runtime_->active_sessions(), 0u);
}

TEST_F(RuntimeTest, EverySessionEndsOnceWhateverHappens) {
  std::vector<std::string> ids;
  for (int i = 0; i < 40; ++i) {
    const std::string sid = "s" + std::to_string(i);
    ids.push_back(sid);
    switch (i % 4) {
      case 0:
        runtime_->on_line(request(sid, "invoke_llm", chat("fast-chat", "hello " + sid, 16)), sink_);
        break;
      case 1: {
        json::object d;
        d["credentials"] = creds("embed");
        d["model"] = "e";
        d["model_type"] = "text-embedding";
        json::array texts;
        texts.push_back(json::string("text " + sid));
        d["texts"] = std::move(texts);
        runtime_->on_line(request(sid, "invoke_text_embedding", std::move(d)), sink_);
        break;
      }
      case 2:
        runtime_->on_line(request(sid, "invoke_llm", chat("no-such-endpoint", "x", 8)), sink_);
        break;
      default:
        runtime_->on_line(request(sid, "not_an_action", json::object{}), sink_);
        break;
    }
  }
  run_until([&] {
    return std::all_of(ids.begin(), ids.end(), [&](const auto& id) { return sink_->ended(id); });
  });
  for (const auto& id : ids)
    EXPECT_TRUE(sink_->ended(id)) << id;
  EXPECT_TRUE(sink_->violations().empty()) << sink_->violations().front();
}

}  // namespace
}  // namespace smp::dify
