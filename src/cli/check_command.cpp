// `sagemaker-provider check ENDPOINT`: one line per step, and on failure the diagnosis with its
// fix.
#include <boost/asio/io_context.hpp>
#include <cstdio>

#include "cli/aws_flags.hpp"
#include "cli/body_argument.hpp"
#include "cli/command.hpp"
#include "cli/error_report.hpp"
#include "http/blocking_transport.hpp"
#include "http/run_sync.hpp"
#include "sagemaker/diagnosis.hpp"
#include "sagemaker/endpoint_check.hpp"

namespace smp::cli {

namespace {

struct CheckFlags {
  AwsFlags aws;
  std::string endpoint;
  std::string invoke_body;
  bool scan_regions = false;
  sagemaker::InvokeRequest invocation;
};

const char* label(sagemaker::StepStatus status) {
  switch (status) {
    case sagemaker::StepStatus::ok:
      return "ok  ";
    case sagemaker::StepStatus::warning:
      return "warn";
    case sagemaker::StepStatus::failed:
      return "FAIL";
    case sagemaker::StepStatus::skipped:
      return "skip";
  }
  return "?   ";
}

void print_diagnosis(const sagemaker::Diagnosis& d) {
  std::printf("diagnosis: %s\n  %s\nfix: %s\n", d.title.c_str(), d.explanation.c_str(),
              d.fix.c_str());
}

int run_check(CheckFlags& f) {
  std::printf("check: endpoint %s\n", f.endpoint.c_str());
  std::fflush(stdout);
  boost::asio::io_context io;
  http::Client http(io.get_executor());
  sagemaker::ConnectionContext context;
  context.blocking_transport = http::make_blocking_transport();
  context.trace = verbose_trace(f.aws);
  auto connection =
      sagemaker::Connection::open(http, connection_settings(f.aws, "check"), std::move(context));
  if (!connection) {
    std::printf("  FAIL settings     %s\n", connection.error().describe().c_str());
    sagemaker::DiagnosisFacts facts;
    facts.endpoint = f.endpoint;
    facts.role_arn = f.aws.assume_role_arn;
    print_diagnosis(sagemaker::diagnose(connection.error(), facts));
    return exit_code_for(connection.error());
  }

  sagemaker::CheckOptions options;
  options.endpoint = f.endpoint;
  options.scan_regions = f.scan_regions;
  if (!f.invoke_body.empty()) {
    auto body = read_body_argument(f.invoke_body);
    if (!body) return report_error(body.error());
    f.invocation.body = std::move(*body);
    options.test_invocation = f.invocation;
  }
  auto report =
      http::run_sync(io, sagemaker::check_endpoint(http, **connection, std::move(options)));
  for (const auto& step : report.steps) {
    std::printf("  %s %-12s %s\n", label(step.status), step.name.c_str(), step.detail.c_str());
  }
  if (report.ok()) {
    std::printf("result: all checks passed\n");
    return exit_ok;
  }
  if (report.diagnosis) print_diagnosis(*report.diagnosis);
  return exit_code_for(*report.error);
}

}  // namespace

void add_check_command(CLI::App& root, CommandList& commands) {
  auto flags = std::make_shared<CheckFlags>();
  auto* app = root.add_subcommand(
      "check",
      "Check credentials, role, endpoint and (optionally) an invocation; diagnose failures");
  app->add_option("endpoint", flags->endpoint, "Endpoint name")->required();
  app->add_option("--invoke-body", flags->invoke_body,
                  "Also invoke the endpoint with this body: TEXT, @FILE or -");
  app->add_option("--content-type", flags->invocation.content_type,
                  "Content-Type of the test invocation")
      ->capture_default_str();
  app->add_option("--inference-component", flags->invocation.inference_component,
                  "Inference component of the test invocation");
  app->add_option("--custom-attributes", flags->invocation.custom_attributes,
                  "Custom attributes of the test invocation");
  app->add_option("--target-variant", flags->invocation.target_variant,
                  "Production variant of the test invocation");
  app->add_flag("--scan-regions", flags->scan_regions,
                "When the endpoint is not found, look for it in the partition's other regions");
  add_aws_flags(*app, flags->aws);
  commands.push_back({app, [flags] { return run_check(*flags); }});
}

}  // namespace smp::cli
