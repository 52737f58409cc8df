// `sagemaker-provider embed ENDPOINT TEXT…`: embeddings through the provider (batched, in input
// order), printed as JSON {"embeddings":[[…]],"dimensions":n,"usage":{…}}.
#include "cli/command.hpp"
#include "cli/error_report.hpp"
#include "cli/model_command_support.hpp"
#include "http/run_sync.hpp"

namespace smp::cli {
namespace {

struct EmbedFlags {
  AwsFlags aws;
  std::string endpoint;
  std::vector<std::string> texts;
  std::string format;
  std::string model_id;
  bool query = false;
  std::string query_instruction;
  std::size_t batch_size = 0;
  std::optional<int> dimensions;
  bool normalize = false;
};

int run_embed(EmbedFlags& f) {
  auto settings = model_settings(f.aws, f.endpoint);
  settings["payload_format"] = f.format;
  settings["model_id"] = f.model_id;
  settings["query_instruction"] = f.query_instruction;
  if (f.batch_size > 0) settings["embedding_batch_size"] = std::to_string(f.batch_size);
  auto config =
      provider::parse_model_config(provider::ModelType::text_embedding, f.endpoint, settings);
  if (!config) return report_error(config.error());
  provider::EmbedCall call;
  call.texts = f.texts;
  call.input_type = f.query ? models::InputType::query : models::InputType::document;
  call.dimensions = f.dimensions;
  if (f.normalize) call.normalize = true;
  ModelRuntime runtime(f.aws);
  auto result = http::run_sync(runtime.io, runtime.provider.embed(*config, std::move(call)));
  if (!result) return report_error(result.error());
  print_embedding_result(*result);
  return exit_ok;
}

}  // namespace

void add_embed_command(CLI::App& root, CommandList& commands) {
  auto flags = std::make_shared<EmbedFlags>();
  auto* app = root.add_subcommand("embed", "Embed texts with a model on a SageMaker endpoint");
  app->add_option("endpoint", flags->endpoint, "Endpoint name")->required();
  app->add_option("texts", flags->texts, "Texts to embed, one vector each, in order")->required();
  app->add_option("--format", flags->format,
                  "Payload format: tei, bge-m3, openai, jumpstart or cohere")
      ->default_str("tei");
  app->add_option("--model-id", flags->model_id, "Sent as `model` (openai format)");
  app->add_flag("--query", flags->query,
                "Embed the texts as search queries (instruction, prefix or input_type)");
  app->add_option("--query-instruction", flags->query_instruction,
                  "Instruction or prefix for queries (default: the format's)");
  app->add_option("--batch-size", flags->batch_size, "Texts per invocation (default 32)")
      ->check(CLI::Range(1, 2048));
  app->add_option("--dimensions", flags->dimensions, "Output dimensions, where supported")
      ->check(CLI::PositiveNumber);
  app->add_flag("--normalize", flags->normalize, "L2-normalise the vectors");
  add_aws_flags(*app, flags->aws);
  commands.push_back({app, [flags] { return run_embed(*flags); }});
}

}  // namespace smp::cli
