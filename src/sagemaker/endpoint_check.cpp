#include "sagemaker/endpoint_check.hpp"

#include <fmt/format.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "aws/partitions.hpp"
#include "aws/sigv4_time.hpp"
#include "http/run_blocking.hpp"
#include "sagemaker/credentials_await.hpp"

namespace smp::sagemaker {

namespace {

using Clock = std::chrono::steady_clock;

long long ms_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

std::string describe_variants(const EndpointDescription& d) {
  std::string out;
  for (const auto& v : d.variants) {
    out += out.empty() ? "" : ", ";
    out += v.name;
    if (v.serverless) {
      out += " (serverless)";
    } else if (v.current_instance_count) {
      out += fmt::format(" ({}/{} instances)", *v.current_instance_count,
                         v.desired_instance_count.value_or(*v.current_instance_count));
    }
  }
  return out.empty() ? "no variants listed" : out;
}

class Checker {
 public:
  Checker(http::Client& http, Connection& connection, CheckOptions options)
      : http_(http), connection_(connection), options_(std::move(options)) {
    facts_.endpoint = options_.endpoint;
    facts_.region = connection.region().region;
    facts_.role_arn = connection.settings().credentials.role_arn;
    facts_.external_id_sent = !connection.settings().credentials.external_id.empty();
  }

  http::Task<CheckReport> run() {
    const auto& region = connection_.region();
    step("region", StepStatus::ok, fmt::format("{} (from {})", region.region, region.source));
    if (!co_await check_credentials()) co_return std::move(report_);
    if (!co_await check_endpoint()) co_return std::move(report_);
    if (options_.test_invocation) co_await check_invocation();
    co_return std::move(report_);
  }

 private:
  void step(std::string name, StepStatus status, std::string detail) {
    report_.steps.push_back({std::move(name), status, std::move(detail)});
  }

  void failed(std::string name, Error error) {
    step(std::move(name), StepStatus::failed, error.describe());
    report_.diagnosis = diagnose(error, facts_);
    report_.error = std::move(error);
  }

  // Nothing here blocks the event loop: providers answer through await_credentials and the STS
  // call (a blocking transport) runs on the blocking pool. `check` in the CLI does not care, a
  // model validation inside `serve` or `dify` does.
  http::Task<bool> check_credentials() {
    auto base = connection_.base_credentials();
    if (!base) co_return failed("credentials", base.error()), false;
    auto base_credentials = co_await await_credentials(*base->provider);
    if (!base_credentials) co_return failed("credentials", base_credentials.error()), false;
    std::string source = (*base_credentials)->source;
    if (base->chain && !base->chain->answered_by().empty()) source = base->chain->answered_by();
    step("credentials", StepStatus::ok,
         fmt::format("{} from {}", (*base_credentials)->redacted_key_id(), source));

    const aws::CredentialsSnapshot caller = *base_credentials;
    // A named callable: g++ 12 mishandles lambda temporaries inside co_await expressions.
    auto ask_sts = [sts = connection_.sts(), caller] { return sts.get_caller_identity(*caller); };
    auto identity = co_await http::run_blocking(std::move(ask_sts));
    if (identity) {
      step("identity", StepStatus::ok,
           fmt::format("{} (account {})", identity->arn, identity->account));
    } else if (identity.error().kind == ErrorKind::auth) {
      co_return failed("identity", identity.error()), false;
    } else {
      step("identity", StepStatus::warning,
           "GetCallerIdentity failed (" + identity.error().describe() + "); continuing");
    }

    if (facts_.role_arn.empty()) co_return true;
    auto assumed = co_await await_credentials(*connection_.credentials().provider);
    if (!assumed) co_return failed("role", assumed.error()), false;
    std::string expiry;
    if ((*assumed)->expiration) {
      expiry = ", expires " + aws::format_amz_date(*(*assumed)->expiration);
    }
    step("role", StepStatus::ok,
         fmt::format("assumed {} as {}{}", facts_.role_arn, (*assumed)->redacted_key_id(), expiry));
    co_return true;
  }

  http::Task<bool> check_endpoint() {
    auto description = co_await connection_.control_plane().describe_endpoint(options_.endpoint);
    if (!description) {
      Error error = description.error();
      if (error.kind == ErrorKind::auth &&
          (error.code == "AccessDeniedException" || error.code == "AccessDenied")) {
        // Many deployments allow InvokeEndpoint only; the invocation step still proves access.
        step("endpoint", StepStatus::warning,
             "DescribeEndpoint is not allowed for this identity (sagemaker:DescribeEndpoint); "
             "status not checked");
        co_return true;
      }
      if (error.kind == ErrorKind::not_found && options_.scan_regions) {
        facts_.found_in_regions = co_await scan_other_regions();
        step("scan", StepStatus::ok,
             facts_.found_in_regions.empty()
                 ? std::string("not found in any other region of the partition")
                 : "found in " + facts_.found_in_regions.front());
      }
      failed("endpoint", std::move(error));
      co_return false;
    }
    if (!description->in_service()) {
      Error error =
          Error::make(ErrorKind::unavailable, "EndpointNotInService",
                      fmt::format("endpoint {} is {}", description->name, description->status));
      step("endpoint", StepStatus::failed, error.message);
      report_.diagnosis = diagnose_endpoint_status(description->name, description->status,
                                                   description->failure_reason);
      report_.error = std::move(error);
      co_return false;
    }
    step("endpoint", StepStatus::ok,
         fmt::format("{} is InService: {}", description->name, describe_variants(*description)));
    co_return true;
  }

  http::Task<void> check_invocation() {
    InvokeRequest request = *options_.test_invocation;
    request.endpoint_name = options_.endpoint;
    const auto start = Clock::now();
    auto result = co_await connection_.runtime().invoke(std::move(request));
    if (!result) co_return failed("invocation", result.error());
    step("invocation", StepStatus::ok,
         fmt::format("{} bytes of {} in {} ms from variant {}", result->body.size(),
                     result->metadata.content_type.empty() ? std::string("?")
                                                           : result->metadata.content_type,
                     ms_since(start),
                     result->metadata.invoked_variant.empty() ? std::string("?")
                                                              : result->metadata.invoked_variant));
  }

  // Describes the endpoint in every other region of the partition, a few at a time.
  http::Task<std::vector<std::string>> scan_other_regions() {
    const auto& here = connection_.region().region;
    std::vector<std::string> regions;
    for (auto r : aws::regions_of_partition(aws::partition_of_region(here).id)) {
      if (r != here) regions.emplace_back(r);
    }
    std::vector<std::string> found;
    constexpr std::size_t parallel = 8;
    for (std::size_t begin = 0; begin < regions.size(); begin += parallel) {
      const std::size_t end = std::min(regions.size(), begin + parallel);
      std::size_t pending = end - begin;
      boost::asio::steady_timer all_done(http_.executor(), Clock::time_point::max());
      std::vector<bool> hit(end - begin, false);
      for (std::size_t i = begin; i < end; ++i) {
        boost::asio::co_spawn(
            http_.executor(),
            [&, i]() -> http::Task<void> {
              hit[i - begin] = co_await exists_in(regions[i]);
              if (--pending == 0) all_done.cancel();
            },
            boost::asio::detached);
      }
      boost::system::error_code ignored;
      co_await all_done.async_wait(
          boost::asio::redirect_error(boost::asio::use_awaitable, ignored));
      for (std::size_t i = begin; i < end; ++i) {
        if (hit[i - begin]) found.push_back(regions[i]);
      }
    }
    co_return found;
  }

  http::Task<bool> exists_in(const std::string& region) {
    aws::EndpointOptions endpoint_options;
    endpoint_options.endpoint_url = connection_.settings().endpoint_url;
    auto endpoint = aws::resolve_endpoint(aws::Service::sagemaker, region, endpoint_options,
                                          connection_.environment());
    if (!endpoint) co_return false;
    CallOptions call;
    call.connect_timeout = std::chrono::seconds(5);
    call.idle_timeout = std::chrono::seconds(10);
    ControlPlaneClient client(connection_.sender(), std::move(*endpoint), call);
    auto description = co_await client.describe_endpoint(options_.endpoint);
    co_return description.has_value();
  }

  http::Client& http_;
  Connection& connection_;
  CheckOptions options_;
  DiagnosisFacts facts_;
  CheckReport report_;
};

}  // namespace

http::Task<CheckReport> check_endpoint(http::Client& http, Connection& connection,
                                       CheckOptions options) {
  Checker checker(http, connection, std::move(options));
  co_return co_await checker.run();
}

}  // namespace smp::sagemaker
