// `sagemaker-provider rerank ENDPOINT --query Q DOC…`: documents scored against the query
// through the provider, printed as JSON {"results":[{"index","score","document"}…]}, sorted by
// score (highest first) with the documents' original indices.
#include "cli/command.hpp"
#include "cli/error_report.hpp"
#include "cli/model_command_support.hpp"
#include "http/run_sync.hpp"

namespace smp::cli {
namespace {

struct RerankFlags {
  AwsFlags aws;
  std::string endpoint;
  std::string query;
  std::vector<std::string> documents;
  std::string format;
  std::string model_id;
  std::int64_t top_n = 0;
  std::optional<double> score_threshold;
  std::string sigmoid;
};

int run_rerank(RerankFlags& f) {
  auto settings = model_settings(f.aws, f.endpoint);
  settings["payload_format"] = f.format;
  settings["model_id"] = f.model_id;
  settings["rerank_sigmoid"] = f.sigmoid;
  auto config = provider::parse_model_config(provider::ModelType::rerank, f.endpoint, settings);
  if (!config) return report_error(config.error());
  provider::RerankCall call;
  call.query = f.query;
  call.documents = f.documents;
  call.top_n = f.top_n;
  call.score_threshold = f.score_threshold;
  ModelRuntime runtime(f.aws);
  auto result = http::run_sync(runtime.io, runtime.provider.rerank(*config, std::move(call)));
  if (!result) return report_error(result.error());
  print_rerank_result(*result);
  return exit_ok;
}

}  // namespace

void add_rerank_command(CLI::App& root, CommandList& commands) {
  auto flags = std::make_shared<RerankFlags>();
  auto* app = root.add_subcommand(
      "rerank", "Score documents against a query with a reranker on a SageMaker endpoint");
  app->add_option("endpoint", flags->endpoint, "Endpoint name")->required();
  app->add_option("documents", flags->documents, "The documents to rank")->required();
  app->add_option("--query,-q", flags->query, "The query")->required();
  app->add_option("--format", flags->format, "Payload format: tei, flag, qwen3, openai or cohere")
      ->default_str("tei");
  app->add_option("--model-id", flags->model_id, "Sent as `model` (openai format)");
  app->add_option("--top-n", flags->top_n, "Keep the best N (0 or less: all)");
  app->add_option("--score-threshold", flags->score_threshold, "Keep scores at or above this");
  app->add_option("--sigmoid", flags->sigmoid,
                  "Map raw logits to 0..1: true or false (default: true for flag)");
  add_aws_flags(*app, flags->aws);
  commands.push_back({app, [flags] { return run_rerank(*flags); }});
}

}  // namespace smp::cli
