#pragma once
// A Provider over real loopback sockets against an in-process emulator.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <thread>

#include "emulator/config_yaml.hpp"
#include "emulator/emulator.hpp"
#include "http/blocking_transport.hpp"
#include "http/run_sync.hpp"
#include "provider/provider.hpp"

namespace smp::provider::testing {

class ProviderTest : public ::testing::Test {
 protected:
  void start(std::string_view yaml) {
    auto config = emulator::parse_config_yaml(yaml, env_);
    ASSERT_TRUE(config) << config.error().describe();
    auto created = emulator::Emulator::create(std::move(*config));
    ASSERT_TRUE(created) << created.error().describe();
    emulator_ = std::move(*created);
    ASSERT_TRUE(emulator_->start());
    sagemaker::ConnectionContext context;
    context.environment = &env_;
    context.blocking_transport = http::make_blocking_transport();
    provider_.emplace(http_, std::move(context));
  }
  void TearDown() override {
    provider_.reset();
    if (emulator_) emulator_->stop();
  }

  Settings settings(std::string endpoint) const {
    return {{"sagemaker_endpoint", std::move(endpoint)},
            {"aws_region", "us-east-1"},
            {"aws_access_key_id", "test"},
            {"aws_secret_access_key", "test"},
            {"endpoint_url", emulator_->url()}};
  }
  ModelConfig config(ModelType type, Settings s) const {
    auto c = parse_model_config(type, "model", s);
    EXPECT_TRUE(c) << c.error().describe();
    return c ? *c : ModelConfig{};
  }

  // The emulator logs a request once it has finished sending the response, which can be just
  // after the client has read it: wait (up to 5 s) until the log satisfies `ready`.
  std::vector<emulator::RequestLogEntry> log_when(
      const std::function<bool(const std::vector<emulator::RequestLogEntry>&)>& ready) {
    auto log = emulator_->request_log().snapshot();
    for (int i = 0; i < 500 && !ready(log); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      log = emulator_->request_log().snapshot();
    }
    return log;
  }
  std::size_t logged(std::string_view operation, std::size_t at_least) {
    auto count = [&](const std::vector<emulator::RequestLogEntry>& log) {
      std::size_t n = 0;
      for (const auto& e : log)
        n += e.operation == operation;
      return n;
    };
    return count(log_when([&](const auto& log) { return count(log) >= at_least; }));
  }

  template <class T>
  T run(http::Task<T> task) {
    return http::run_sync(io_, std::move(task));
  }

  MapEnvironment env_{{"HOME", "/nonexistent"}, {"AWS_EC2_METADATA_DISABLED", "true"}};
  boost::asio::io_context io_;
  http::Client http_{io_.get_executor()};
  std::unique_ptr<emulator::Emulator> emulator_;
  std::optional<Provider> provider_;
};

}  // namespace smp::provider::testing
