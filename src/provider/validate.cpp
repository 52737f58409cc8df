// Provider::validate: the `check` steps (credentials, role, DescribeEndpoint), then the smallest
// real invocation of the model type through the same path real calls take. A failure is
// explained by the diagnosis (sagemaker/diagnosis.hpp), never by a secret.
#include "provider/provider.hpp"
#include "sagemaker/diagnosis.hpp"
#include "sagemaker/endpoint_check.hpp"

namespace smp::provider {
namespace {

Error validation_error(const Error& cause, const sagemaker::Diagnosis& diagnosis) {
  Error error = cause;
  error.code = cause.code.empty() ? "ValidationFailed" : cause.code;
  error.message = diagnosis.title + ": " + diagnosis.explanation;
  if (!error.message.empty() && error.message.back() != '.') error.message += '.';
  if (!diagnosis.fix.empty()) error.message += " Fix: " + diagnosis.fix;
  error.details.emplace_back("diagnosis", diagnosis.title);
  return error;
}

std::string format_name(const ModelConfig& config) {
  switch (config.type) {
    case ModelType::llm:
      return std::string(models::to_string(config.llm.format));
    case ModelType::text_embedding:
      return std::string(models::to_string(config.embedding.format));
    case ModelType::rerank:
      return std::string(models::to_string(config.rerank.format));
    default:
      return "";
  }
}

const char* formats_of(ModelType type) {
  switch (type) {
    case ModelType::llm:
      return "openai, lmi, tgi or auto";
    case ModelType::text_embedding:
      return "tei, bge-m3, openai, jumpstart or cohere";
    case ModelType::rerank:
      return "tei, flag, qwen3, openai or cohere";
    default:
      return "";
  }
}

// The container answered, but not in the configured format, or refused the body we built for
// it (a 4xx of its own): the usual cause is payload_format.
bool format_mismatch(const Error& error) {
  if (error.kind == ErrorKind::protocol || error.code == "UnexpectedContainerReply") return true;
  const std::string* status = error.detail("OriginalStatusCode");
  return error.kind == ErrorKind::model && status && status->starts_with("4");
}

sagemaker::Diagnosis diagnose_invocation(const Error& error, const ModelConfig& config,
                                         const sagemaker::DiagnosisFacts& facts) {
  if (format_mismatch(error)) {
    return {"Payload format mismatch",
            "the container behind " + config.endpoint + " did not accept or answer the " +
                format_name(config) + " format: " + error.message,
            "Set payload_format to the format the container speaks (" +
                std::string(formats_of(config.type)) + ")."};
  }
  return sagemaker::diagnose(error, facts);
}

}  // namespace

http::Task<Result<void>> Provider::validate(const ModelConfig& config) {
  sagemaker::DiagnosisFacts facts;
  facts.endpoint = config.endpoint;
  facts.region = config.aws.region;
  facts.role_arn = config.aws.role_arn;
  facts.external_id_sent = !config.aws.external_id.empty();

  auto connection = connections_.get(config);
  if (!connection) {
    co_return std::unexpected(
        validation_error(connection.error(), sagemaker::diagnose(connection.error(), facts)));
  }
  facts.region = (*connection)->region().region;

  sagemaker::CheckOptions options;
  options.endpoint = config.endpoint;
  auto report = co_await sagemaker::check_endpoint(http_, **connection, options);
  if (!report.ok()) {
    auto diagnosis =
        report.diagnosis ? *report.diagnosis : sagemaker::diagnose(*report.error, facts);
    co_return std::unexpected(validation_error(*report.error, diagnosis));
  }

  Result<void> invoked;
  switch (config.type) {
    case ModelType::llm: {
      ChatCall call;
      call.request.messages.push_back(models::ChatMessage::text(models::ChatRole::user, "ping"));
      call.request.max_tokens = 1;
      auto r = co_await chat(config, std::move(call));
      if (!r) invoked = std::unexpected(r.error());
      break;
    }
    case ModelType::text_embedding: {
      EmbedCall call;
      call.texts = {"ping"};
      auto r = co_await embed(config, std::move(call));
      if (!r) invoked = std::unexpected(r.error());
      break;
    }
    case ModelType::rerank: {
      RerankCall call;
      call.query = "ping";
      call.documents = {"pong"};
      auto r = co_await rerank(config, std::move(call));
      if (!r) invoked = std::unexpected(r.error());
      break;
    }
    case ModelType::tts:
    case ModelType::speech2text:
      // No audio service yet: the describe above is the whole validation.
      break;
  }
  if (!invoked) {
    co_return std::unexpected(
        validation_error(invoked.error(), diagnose_invocation(invoked.error(), config, facts)));
  }
  co_return Result<void>{};
}

}  // namespace smp::provider
