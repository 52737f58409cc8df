// Role credentials are fetched off the event loop: with one loop thread, an invocation whose
// AssumeRole is still in flight must leave the loop free for other requests. The STS transport
// below holds the AssumeRole until the loop has run an unrelated handler, so the invocation can
// only succeed if waiting for credentials did not block the loop (no timing involved). The same
// for `check`'s GetCallerIdentity.
#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <future>

#include "emulator_fixture.hpp"
#include "http/blocking_transport.hpp"
#include "http/run_sync.hpp"
#include "sagemaker/connection.hpp"
#include "sagemaker/endpoint_check.hpp"

namespace smp::sagemaker {
namespace {

class CredentialsOffTheLoop : public ::testing::Test {
 protected:
  void SetUp() override {
    emulator_ = testing::start_emulator("endpoints:\n  - name: chat\n    container: vllm\n", env_);
    ASSERT_TRUE(emulator_);

    ConnectionSettings settings = testing::emulator_settings(*emulator_);
    settings.credentials.role_arn = "arn:aws:iam::000000000000:role/demo";
    ConnectionContext context;
    context.environment = &env_;
    // Every STS call waits until the loop has served the unrelated handler (bounded, so that a
    // blocked loop fails the test instead of hanging it).
    context.blocking_transport = [this, real = http::make_blocking_transport()](
                                     const HttpRequest& request,
                                     const aws::TransportOptions& options) -> Result<HttpResponse> {
      ++sts_calls_;
      if (loop_served_.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
        return fail(ErrorKind::connection, "LoopBlocked", "the event loop never ran");
      }
      return real(request, options);
    };
    auto connection = Connection::open(http_, std::move(settings), std::move(context));
    ASSERT_TRUE(connection) << connection.error().describe();
    connection_ = std::move(*connection);
  }
  void TearDown() override {
    connection_.reset();
    if (emulator_) emulator_->stop();
  }

  // Queues the unrelated handler the STS transport waits for.
  void queue_unrelated_work() {
    boost::asio::post(io_, [this] { served_.set_value(); });
  }

  MapEnvironment env_{{"HOME", "/nonexistent"}, {"AWS_EC2_METADATA_DISABLED", "true"}};
  boost::asio::io_context io_;
  http::Client http_{io_.get_executor()};
  std::unique_ptr<emulator::Emulator> emulator_;
  std::unique_ptr<Connection> connection_;
  std::promise<void> served_;
  std::shared_future<void> loop_served_ = served_.get_future().share();
  std::atomic<int> sts_calls_{0};
};

TEST_F(CredentialsOffTheLoop, AnInvocationWaitingForItsRoleLeavesTheLoopFree) {
  InvokeRequest request;
  request.endpoint_name = "chat";
  request.body = R"({"messages":[{"role":"user","content":"hi"}]})";
  auto task = [&]() -> http::Task<Result<InvokeResult>> {
    queue_unrelated_work();
    co_return co_await connection_->runtime().invoke(std::move(request));
  };
  auto result = http::run_sync(io_, task());
  ASSERT_TRUE(result) << result.error().describe();
  EXPECT_NE(result->body.find("You said: hi"), std::string::npos) << result->body;
  EXPECT_EQ(sts_calls_, 1);
}

TEST_F(CredentialsOffTheLoop, CheckRunsGetCallerIdentityAndAssumeRoleOffTheLoop) {
  CheckOptions options;
  options.endpoint = "chat";
  auto task = [&]() -> http::Task<CheckReport> {
    queue_unrelated_work();
    co_return co_await check_endpoint(http_, *connection_, options);
  };
  const CheckReport report = http::run_sync(io_, task());
  EXPECT_FALSE(report.error) << report.error->describe();
  EXPECT_EQ(sts_calls_, 2);  // GetCallerIdentity, then AssumeRole
}

}  // namespace
}  // namespace smp::sagemaker
