// `sagemaker-provider chat ENDPOINT PROMPT…`: one chat turn through the provider (any container
// format), the answer on stdout — token by token with --stream, the whole neutral result with
// --json. Reasoning goes to stderr in text mode so stdout is the answer alone.
#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/command.hpp"
#include "cli/error_report.hpp"
#include "cli/model_command_support.hpp"
#include "http/run_sync.hpp"

namespace smp::cli {
namespace {

struct ChatFlags {
  AwsFlags aws;
  std::string endpoint;
  std::vector<std::string> prompt;
  std::string model_id;
  std::string format;
  bool stream = false;
  std::string system;
  std::int64_t max_tokens = 0;
  std::optional<double> temperature;
  std::string tools_file;
  bool json = false;
};

Error tools_error(const std::string& file, std::string message) {
  return Error::make(ErrorKind::invalid_argument, "InvalidTools",
                     "--tools " + file + ": " + std::move(message));
}

// An OpenAI `tools` array ({"type":"function","function":{…}}) or bare {name, description,
// parameters} objects.
Result<std::vector<models::ToolDefinition>> read_tools(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::unexpected(tools_error(file, "cannot read the file"));
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  auto value = boost::json::parse(text.str(), ec);
  if (ec) return std::unexpected(tools_error(file, "not JSON (" + ec.message() + ")"));
  if (!value.is_array())
    return std::unexpected(tools_error(file, "expected a JSON array of tools"));
  std::vector<models::ToolDefinition> tools;
  for (std::size_t i = 0; i < value.as_array().size(); ++i) {
    const auto& item = value.as_array()[i];
    const std::string where = "tool " + std::to_string(i);
    if (!item.is_object()) return std::unexpected(tools_error(file, where + " is not an object"));
    const boost::json::object* fn = &item.as_object();
    if (auto* inner = fn->if_contains("function")) {
      if (!inner->is_object())
        return std::unexpected(tools_error(file, where + ": \"function\" is not an object"));
      fn = &inner->as_object();
    }
    models::ToolDefinition tool;
    auto* name = fn->if_contains("name");
    if (!name || !name->is_string() || name->as_string().empty())
      return std::unexpected(tools_error(file, where + " has no \"name\""));
    tool.name = name->as_string();
    if (auto* d = fn->if_contains("description"); d && d->is_string())
      tool.description = d->as_string();
    if (auto* p = fn->if_contains("parameters")) {
      if (!p->is_object())
        return std::unexpected(tools_error(file, where + ": \"parameters\" is not an object"));
      tool.parameters = p->as_object();
    }
    tools.push_back(std::move(tool));
  }
  return tools;
}

int run_chat(ChatFlags& f) {
  auto settings = model_settings(f.aws, f.endpoint);
  settings["model_id"] = f.model_id;
  settings["payload_format"] = f.format;
  auto config = provider::parse_model_config(provider::ModelType::llm, f.endpoint, settings);
  if (!config) return report_error(config.error());

  provider::ChatCall call;
  if (!f.system.empty())
    call.request.messages.push_back(models::ChatMessage::text(models::ChatRole::system, f.system));
  std::string prompt;
  for (const auto& word : f.prompt)
    prompt += (prompt.empty() ? "" : " ") + word;
  call.request.messages.push_back(models::ChatMessage::text(models::ChatRole::user, prompt));
  if (f.max_tokens > 0) call.request.max_tokens = f.max_tokens;
  call.request.temperature = f.temperature;
  if (!f.tools_file.empty()) {
    auto tools = read_tools(f.tools_file);
    if (!tools) return report_error(tools.error());
    call.request.tools = std::move(*tools);
  }

  ModelRuntime runtime(f.aws);
  provider::ChunkSink sink;
  bool reasoning_open = false;
  if (f.stream) {
    sink = [&](const models::ChatChunk& chunk) -> http::Task<Result<void>> {
      if (f.json) {
        print_json(chat_chunk_json(chunk));
        co_return Result<void>{};
      }
      if (!chunk.reasoning.empty()) {
        std::fwrite(chunk.reasoning.data(), 1, chunk.reasoning.size(), stderr);
        reasoning_open = true;
      }
      if (!chunk.content.empty()) {
        if (reasoning_open) {
          std::fputc('\n', stderr);
          reasoning_open = false;
        }
        write_out(chunk.content);
      }
      co_return Result<void>{};
    };
  }
  auto result = http::run_sync(runtime.io, runtime.provider.chat(*config, std::move(call), sink));
  if (reasoning_open) std::fputc('\n', stderr);
  if (!result) {
    if (f.stream && !f.json) write_out("\n");
    return report_error(result.error());
  }
  if (f.json) {
    print_json(chat_result_json(*result));
    return exit_ok;
  }
  if (!f.stream) {
    if (!result->reasoning.empty()) std::fprintf(stderr, "%s\n", result->reasoning.c_str());
    write_out(result->content);
  }
  if (!result->content.empty()) write_out("\n");
  for (const auto& tool : result->tool_calls)
    write_out("tool call " + tool.id + ": " + tool.name + " " + tool.arguments + "\n");
  return exit_ok;
}

}  // namespace

void add_chat_command(CLI::App& root, CommandList& commands) {
  auto flags = std::make_shared<ChatFlags>();
  auto* app = root.add_subcommand(
      "chat", "Chat with a model on a SageMaker endpoint, whatever its container format");
  app->add_option("endpoint", flags->endpoint, "Endpoint name")->required();
  app->add_option("prompt", flags->prompt, "The user message (words are joined with spaces)")
      ->required();
  app->add_option("--model-id", flags->model_id, "Sent as `model` where the format has one");
  app->add_option("--format", flags->format, "Payload format: openai, lmi, tgi or auto")
      ->default_str("auto");
  app->add_flag("--stream", flags->stream, "Print the answer as it is generated");
  app->add_option("--system", flags->system, "A system message before the prompt");
  app->add_option("--max-tokens", flags->max_tokens, "Most tokens to generate")
      ->check(CLI::PositiveNumber);
  app->add_option("--temperature", flags->temperature, "Sampling temperature")
      ->check(CLI::Range(0.0, 2.0));
  app->add_option("--tools", flags->tools_file,
                  "JSON file with an OpenAI `tools` array the model may call");
  app->add_flag("--json", flags->json,
                "Print the whole neutral result as JSON (with --stream: one line per chunk, then "
                "the result)");
  add_aws_flags(*app, flags->aws);
  commands.push_back({app, [flags] { return run_chat(*flags); }});
}

}  // namespace smp::cli
