#include "gateway/openai_responses.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>
#include <cstring>

#include "base/base64.hpp"

namespace smp::gateway {
namespace {

using boost::json::array;
using boost::json::object;

std::int64_t count(std::int64_t value) {
  return value < 0 ? 0 : value;
}

object usage_object(const models::Usage& usage) {
  object o;
  o["prompt_tokens"] = count(usage.prompt_tokens);
  o["completion_tokens"] = count(usage.completion_tokens);
  o["total_tokens"] = usage.total_tokens >= 0
                          ? usage.total_tokens
                          : count(usage.prompt_tokens) + count(usage.completion_tokens);
  return o;
}

array tool_calls_array(const std::vector<models::ToolCall>& calls) {
  array out;
  for (const auto& call : calls) {
    object function;
    function["name"] = call.name;
    function["arguments"] = call.arguments.empty() ? std::string("{}") : call.arguments;
    object item;
    item["id"] = call.id;
    item["type"] = "function";
    item["function"] = std::move(function);
    out.push_back(std::move(item));
  }
  return out;
}

object envelope(const ResponseIdentity& identity, std::string_view object_name) {
  object o;
  o["id"] = identity.id;
  o["object"] = object_name;
  o["created"] = identity.created;
  o["model"] = identity.model;
  return o;
}

}  // namespace

std::string render_usage_object(const models::Usage& usage) {
  return boost::json::serialize(usage_object(usage));
}

std::string render_chat_completion(const ResponseIdentity& identity,
                                   const models::ChatResult& result) {
  object message;
  message["role"] = "assistant";
  // A pure tool-call answer has null content, as OpenAI sends it.
  if (result.content.empty() && !result.tool_calls.empty())
    message["content"] = nullptr;
  else
    message["content"] = result.content;
  if (!result.reasoning.empty()) message["reasoning_content"] = result.reasoning;
  if (!result.tool_calls.empty()) message["tool_calls"] = tool_calls_array(result.tool_calls);
  object choice;
  choice["index"] = 0;
  choice["message"] = std::move(message);
  choice["logprobs"] = nullptr;
  choice["finish_reason"] =
      result.finish_reason.empty() ? std::string("stop") : result.finish_reason;
  auto o = envelope(identity, "chat.completion");
  o["choices"] = array{std::move(choice)};
  o["usage"] = usage_object(result.usage);
  return boost::json::serialize(o);
}

std::string render_text_completion(const ResponseIdentity& identity,
                                   const models::ChatResult& result) {
  object choice;
  choice["text"] = result.content;
  choice["index"] = 0;
  choice["logprobs"] = nullptr;
  choice["finish_reason"] =
      result.finish_reason.empty() ? std::string("stop") : result.finish_reason;
  auto o = envelope(identity, "text_completion");
  o["choices"] = array{std::move(choice)};
  o["usage"] = usage_object(result.usage);
  return boost::json::serialize(o);
}

ChunkRenderer::ChunkRenderer(ResponseIdentity identity, bool include_usage, bool text_completion)
    : identity_(std::move(identity)),
      include_usage_(include_usage),
      text_completion_(text_completion) {}

std::optional<std::string> ChunkRenderer::render(const models::ChatChunk& chunk) {
  const bool has_delta =
      !chunk.content.empty() || !chunk.reasoning.empty() || !chunk.tool_calls.empty();
  if (!has_delta && chunk.finish_reason.empty() && role_sent_) return std::nullopt;
  object choice;
  choice["index"] = 0;
  if (text_completion_) {
    if (!has_delta && chunk.finish_reason.empty()) return std::nullopt;
    choice["text"] = chunk.content;
    choice["logprobs"] = nullptr;
  } else {
    object delta;
    if (!role_sent_) {
      delta["role"] = "assistant";
      role_sent_ = true;
    }
    if (!chunk.content.empty() || (!has_delta && delta.contains("role"))) {
      delta["content"] = chunk.content;
    }
    if (!chunk.reasoning.empty()) delta["reasoning_content"] = chunk.reasoning;
    if (!chunk.tool_calls.empty()) {
      array calls;
      for (const auto& call : chunk.tool_calls) {
        object item;
        item["index"] = call.index;
        object function;
        if (started_calls_.insert(call.index).second) {
          item["id"] = call.id;
          item["type"] = "function";
          function["name"] = call.name;
        }
        function["arguments"] = call.arguments;
        item["function"] = std::move(function);
        calls.push_back(std::move(item));
      }
      delta["tool_calls"] = std::move(calls);
    }
    choice["delta"] = std::move(delta);
    choice["logprobs"] = nullptr;
  }
  if (chunk.finish_reason.empty())
    choice["finish_reason"] = nullptr;
  else
    choice["finish_reason"] = chunk.finish_reason;
  auto o = envelope(identity_, text_completion_ ? "text_completion" : "chat.completion.chunk");
  o["choices"] = array{std::move(choice)};
  if (include_usage_) o["usage"] = nullptr;
  return boost::json::serialize(o);
}

std::string ChunkRenderer::render_usage(const models::Usage& usage) const {
  auto o = envelope(identity_, text_completion_ ? "text_completion" : "chat.completion.chunk");
  o["choices"] = array{};
  o["usage"] = usage_object(usage);
  return boost::json::serialize(o);
}

namespace {

// Shortest round-trip text of a float: vectors are most of an embeddings response, and
// printing them as doubles would double their size for digits that carry nothing.
void append_float(std::string& out, float value) {
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (ec != std::errc{} || !std::isfinite(value)) {
    out += '0';
    return;
  }
  out.append(buffer, end);
}

std::string base64_floats(const std::vector<float>& vector) {
  // OpenAI's base64 is the little-endian float32 array (numpy.frombuffer(..., dtype=float32)).
  std::string bytes(vector.size() * sizeof(float), '\0');
  for (std::size_t i = 0; i < vector.size(); ++i) {
    std::uint32_t bits = 0;
    std::memcpy(&bits, &vector[i], sizeof bits);
    for (int b = 0; b < 4; ++b)
      bytes[i * 4 + b] = static_cast<char>((bits >> (8 * b)) & 0xFF);
  }
  return base64_encode(bytes);
}

}  // namespace

std::string render_embeddings(std::string_view model, const models::EmbeddingResult& result,
                              bool base64) {
  std::string out = R"({"object":"list","data":[)";
  for (std::size_t i = 0; i < result.vectors.size(); ++i) {
    if (i) out += ',';
    out += R"({"object":"embedding","index":)";
    out += std::to_string(i);
    out += R"(,"embedding":)";
    if (base64) {
      out += '"';
      out += base64_floats(result.vectors[i]);
      out += '"';
    } else {
      out += '[';
      for (std::size_t j = 0; j < result.vectors[i].size(); ++j) {
        if (j) out += ',';
        append_float(out, result.vectors[i][j]);
      }
      out += ']';
    }
    out += '}';
  }
  out += R"(],"model":)";
  out += boost::json::serialize(boost::json::value(boost::json::string_view(model)));
  object usage;
  usage["prompt_tokens"] = count(result.usage.prompt_tokens);
  usage["total_tokens"] = result.usage.total_tokens >= 0 ? result.usage.total_tokens
                                                         : count(result.usage.prompt_tokens);
  out += R"(,"usage":)";
  out += boost::json::serialize(usage);
  out += '}';
  return out;
}

std::string render_rerank(std::string_view id, std::string_view model,
                          const models::RerankResult& result,
                          const std::vector<std::string>& documents, bool return_documents) {
  array results;
  for (const auto& hit : result.results) {
    object item;
    item["index"] = hit.index;
    item["relevance_score"] = hit.score;
    if (return_documents) {
      object document;
      document["text"] = !hit.document.empty() || hit.index >= documents.size()
                             ? hit.document
                             : documents[hit.index];
      item["document"] = std::move(document);
    }
    results.push_back(std::move(item));
  }
  object o;
  o["id"] = id;
  o["model"] = model;
  o["object"] = "list";
  o["results"] = std::move(results);
  return boost::json::serialize(o);
}

std::string render_model(const ModelListing& model, std::int64_t created) {
  object o;
  o["id"] = model.id;
  o["object"] = "model";
  o["created"] = created;
  o["owned_by"] = "sagemaker";
  if (!model.type.empty()) o["type"] = model.type;
  return boost::json::serialize(o);
}

std::string render_model_list(const std::vector<ModelListing>& models, std::int64_t created) {
  std::string out = R"({"object":"list","data":[)";
  for (std::size_t i = 0; i < models.size(); ++i) {
    if (i) out += ',';
    out += render_model(models[i], created);
  }
  out += "]}";
  return out;
}

}  // namespace smp::gateway
