#pragma once
// What `chat`, `embed` and `rerank` share: the model settings from the command line (the AWS
// flags of `invoke` plus the model's own), one Provider on the command's event loop, and the
// JSON printing of neutral results.
#include <boost/asio/io_context.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "base/error.hpp"
#include "cli/aws_flags.hpp"
#include "http/client.hpp"
#include "models/embedding/embedding_types.hpp"
#include "models/llm/chat_types.hpp"
#include "models/rerank/rerank_types.hpp"
#include "provider/model_config.hpp"
#include "provider/provider.hpp"

namespace smp::cli {

// The provider settings the flags describe for `endpoint` (aws_region, keys, role, external id,
// endpoint_url, request_timeout, ...).
provider::Settings model_settings(const AwsFlags& flags, const std::string& endpoint);

// One provider for the command, over its own io_context.
struct ModelRuntime {
  explicit ModelRuntime(const AwsFlags& flags);
  boost::asio::io_context io;
  http::Client http;
  provider::Provider provider;
};

boost::json::value usage_json(const models::Usage& usage);
boost::json::value chat_result_json(const models::ChatResult& result);
boost::json::value chat_chunk_json(const models::ChatChunk& chunk);
// Writes {"embeddings":[[…]…],"dimensions":n,"usage":{…}} straight to stdout, one vector at a
// time: a 10,000-text job would need several times its vectors' size as a JSON tree. Floats
// are printed in their shortest round-trip form.
void print_embedding_result(const models::EmbeddingResult& result);
// {"results":[{"index","score","document"}…]} with scores in their shortest round-trip form.
void print_rerank_result(const models::RerankResult& result);

// Writes the bytes and flushes (streamed tokens appear as they arrive).
void write_out(std::string_view bytes);
// Prints `value` as one line of JSON on stdout.
void print_json(const boost::json::value& value);

}  // namespace smp::cli
