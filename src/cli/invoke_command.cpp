// `sagemaker-provider invoke ENDPOINT`: one InvokeEndpoint or InvokeEndpointWithResponseStream
// call, the response bytes on stdout exactly as the container sent them.
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdio>

#include "cli/aws_flags.hpp"
#include "cli/body_argument.hpp"
#include "cli/command.hpp"
#include "cli/error_report.hpp"
#include "http/blocking_transport.hpp"
#include "http/run_sync.hpp"
#include "sagemaker/connection.hpp"

namespace smp::cli {

namespace {

struct InvokeFlags {
  AwsFlags aws;
  std::string endpoint;
  std::string body;
  bool stream = false;
  sagemaker::InvokeRequest request;  // headers are filled straight from the flags
};

void print_metadata(const sagemaker::ResponseMetadata& m, std::chrono::milliseconds elapsed) {
  std::fprintf(stderr, "request id: %s\n", m.request_id.c_str());
  if (!m.invoked_variant.empty()) std::fprintf(stderr, "variant: %s\n", m.invoked_variant.c_str());
  if (!m.content_type.empty()) std::fprintf(stderr, "content type: %s\n", m.content_type.c_str());
  if (!m.custom_attributes.empty()) {
    std::fprintf(stderr, "custom attributes: %s\n", m.custom_attributes.c_str());
  }
  if (!m.new_session_id.empty())
    std::fprintf(stderr, "new session: %s\n", m.new_session_id.c_str());
  if (!m.closed_session_id.empty()) {
    std::fprintf(stderr, "closed session: %s\n", m.closed_session_id.c_str());
  }
  std::fprintf(stderr, "attempts: %d, total: %lld ms\n", m.attempts,
               static_cast<long long>(elapsed.count()));
}

void write_stdout(std::string_view bytes) {
  std::fwrite(bytes.data(), 1, bytes.size(), stdout);
  std::fflush(stdout);
}

int run_invoke(InvokeFlags& f) {
  auto body = read_body_argument(f.body);
  if (!body) return report_error(body.error());
  f.request.endpoint_name = f.endpoint;
  f.request.body = std::move(*body);
  const auto mode = f.stream ? sagemaker::InvokeMode::streaming : sagemaker::InvokeMode::buffered;
  if (auto ok = sagemaker::validate(f.request, mode); !ok) return report_error(ok.error());

  boost::asio::io_context io;
  http::Client http(io.get_executor());
  sagemaker::ConnectionContext context;
  context.blocking_transport = http::make_blocking_transport();
  context.trace = verbose_trace(f.aws);
  auto connection =
      sagemaker::Connection::open(http, connection_settings(f.aws, "invoke"), std::move(context));
  if (!connection) return report_error(connection.error());
  auto& runtime = (*connection)->runtime();

  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 start);
  };
  if (!f.stream) {
    auto result = http::run_sync(io, runtime.invoke(f.request));
    if (!result) return report_error(result.error());
    write_stdout(result->body);
    if (f.aws.verbose) print_metadata(result->metadata, elapsed());
    return exit_ok;
  }
  sagemaker::PartSink on_part = [](std::string_view bytes) -> http::Task<Result<void>> {
    write_stdout(bytes);
    co_return Result<void>{};
  };
  auto result = http::run_sync(io, runtime.invoke_stream(f.request, std::move(on_part)));
  if (!result) return report_error(result.error());
  if (f.aws.verbose) print_metadata(*result, elapsed());
  return exit_ok;
}

}  // namespace

void add_invoke_command(CLI::App& root, CommandList& commands) {
  auto flags = std::make_shared<InvokeFlags>();
  auto* app = root.add_subcommand(
      "invoke", "Invoke a SageMaker endpoint and print the container's response bytes");
  auto& r = flags->request;
  app->add_option("endpoint", flags->endpoint, "Endpoint name")->required();
  app->add_option("--body", flags->body, "Request body: TEXT, @FILE or - for standard input")
      ->required();
  app->add_option("--content-type", r.content_type, "Content-Type of the body")
      ->capture_default_str();
  app->add_option("--accept", r.accept, "Accept: the response content type wanted");
  app->add_flag("--stream", flags->stream,
                "Use InvokeEndpointWithResponseStream and print payload bytes as they arrive");
  app->add_option("--inference-component", r.inference_component, "Inference component name");
  app->add_option("--custom-attributes", r.custom_attributes,
                  "Passed to the container verbatim (X-Amzn-SageMaker-Custom-Attributes)");
  app->add_option("--target-model", r.target_model, "Model of a multi-model endpoint");
  app->add_option("--target-variant", r.target_variant, "Production variant to invoke");
  app->add_option("--target-container-hostname", r.target_container_hostname,
                  "Container of a multi-container endpoint (direct invocation)");
  app->add_option("--inference-id", r.inference_id, "Id recorded with data capture");
  app->add_option("--session-id", r.session_id, "Stateful session id, or NEW_SESSION");
  add_aws_flags(*app, flags->aws);
  commands.push_back({app, [flags] { return run_invoke(*flags); }});
}

}  // namespace smp::cli
