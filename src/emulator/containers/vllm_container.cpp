// vLLM behind SageMaker (user-needs §2.1 BYOC router and §2.2 native router): OpenAI chat and
// completions with SSE streaming ("data: " with a space, then "data: [DONE]"), plus the pooling
// bodies the native router accepts (embeddings `input`, rerank `query`+`documents`).
#include <algorithm>
#include <boost/json.hpp>
#include <numeric>

#include "emulator/containers/builtin.hpp"
#include "emulator/containers/embedding.hpp"
#include "emulator/containers/json_writer.hpp"
#include "emulator/containers/openai_chat.hpp"
#include "emulator/containers/text_tokens.hpp"

namespace smp::emulator::builtin {
namespace {

namespace json = boost::json;

constexpr std::string_view kSseType = "text/event-stream; charset=utf-8";

// vLLM's OpenAI error envelope (ErrorResponse with a nested ErrorInfo).
InvocationOutput vllm_error(int status, std::string_view type, std::string_view message,
                            std::string_view param = {}) {
  JsonWriter out;
  out.begin_object().key("error").begin_object();
  out.field("message", message).field("type", type);
  if (param.empty()) {
    out.field_null("param");
  } else {
    out.field("param", param);
  }
  out.field_int("code", status).end_object().end_object();
  return json_answer(status, out.take());
}

class VllmContainer final : public Container {
 public:
  explicit VllmContainer(const ContainerOptions& options) : options_(options) {
    if (options_.model_id.empty()) options_.model_id = "emulator/echo-chat";
    dialect_.reasoning_field = options_.reasoning_field;
    strict_model_ =
        options_.extra.contains("strict_model") && options_.extra.at("strict_model") == "true";
  }

  std::string_view kind() const override { return "vllm"; }

  InvocationOutput invoke(const InvocationInput& input, ContainerContext& context) const override {
    auto parsed = parse_json(input.body);
    if (!parsed) {
      return vllm_error(400, "Bad Request",
                        "JSON decode error: " + parsed.error().python_message());
    }
    if (!parsed->is_object()) return no_handler();
    const json::object& body = parsed->as_object();
    if (const json::value* model = body.if_contains("model");
        strict_model_ && model && model->is_string() && model->as_string() != options_.model_id) {
      return vllm_error(404, "NotFoundError",
                        "The model `" + std::string(model->as_string()) + "` does not exist.",
                        "model");
    }
    if (is_openai_body(body)) return generate(body, context);
    if (body.contains("input")) return embed(body, context);
    if (body.contains("query") && body.contains("documents")) return rerank(body, context);
    return no_handler();
  }

 private:
  InvocationOutput no_handler() const {
    return vllm_error(400, "BadRequestError",
                      "Cannot find suitable handler for request. Expected one of: "
                      "['ChatCompletionRequest', 'CompletionRequest', "
                      "'EmbeddingCompletionRequest', 'RerankRequest']");
  }

  std::string served_name(const OpenAiRequest& request) const {
    return request.model.empty() ? options_.model_id : request.model;
  }

  InvocationOutput generate(const json::object& body, ContainerContext& context) const {
    auto request = parse_openai_request(body);
    if (!request) return vllm_error(400, "BadRequestError", request.error());
    request->generation.reasoning =
        request->is_chat && wants_reasoning(*request, options_.model_id);
    Generation generation = emulator::generate(request->generation);
    SeededRandom rng(context.seed);
    ResponseIdentity identity{(request->is_chat ? "chatcmpl-" : "cmpl-") + hex_id(rng),
                              context.unix_time, served_name(*request)};
    assign_tool_call_ids(generation, rng, "chatcmpl-tool-");
    if (!request->is_chat) return completion(generation, identity, *request);
    if (!request->stream) {
      return json_answer(200, render_chat_completion(generation, dialect_, identity));
    }
    InvocationOutput out;
    out.content_type = kSseType;
    out.stream_records = render_chat_stream(generation, dialect_, identity, request->include_usage);
    return out;
  }

  // /v1/completions bodies (`prompt`), as text_completion objects.
  InvocationOutput completion(const Generation& generation, const ResponseIdentity& identity,
                              const OpenAiRequest& request) const {
    const auto write_head = [&](JsonWriter& out) {
      out.field("id", identity.id).field("object", "text_completion");
      out.field_int("created", identity.created).field("model", identity.model);
    };
    const auto write_usage = [&](JsonWriter& out) {
      out.key("usage").begin_object().field_int("prompt_tokens", generation.prompt_tokens);
      out.field_int("total_tokens", generation.prompt_tokens + generation.completion_tokens);
      out.field_int("completion_tokens", generation.completion_tokens);
      out.field_null("prompt_tokens_details").end_object();
    };
    const auto write_stop_reason = [&](JsonWriter& out) {
      if (generation.cause == StopCause::stop_sequence) {
        out.field("stop_reason", generation.matched_stop);
      } else {
        out.field_null("stop_reason");
      }
    };
    if (!request.stream) {
      JsonWriter out;
      out.begin_object();
      write_head(out);
      out.key("choices").begin_array().begin_object().field_int("index", 0);
      out.field("text", generation.content_text()).field_null("logprobs");
      out.field("finish_reason", dialect_.finish.of(generation.cause));
      write_stop_reason(out);
      out.field_null("prompt_logprobs").end_object().end_array();
      out.field_null("service_tier").field_null("system_fingerprint");
      write_usage(out);
      out.field_null("kv_transfer_params").end_object();
      return json_answer(200, out.take());
    }
    InvocationOutput out;
    out.content_type = kSseType;
    std::vector<std::string> texts = generation.content_tokens;
    if (texts.empty()) texts.emplace_back();
    for (std::size_t i = 0; i < texts.size(); ++i) {
      const bool last = i + 1 == texts.size();
      JsonWriter chunk;
      chunk.begin_object();
      write_head(chunk);
      chunk.key("choices").begin_array().begin_object().field_int("index", 0);
      chunk.field("text", texts[i]).field_null("logprobs");
      if (last) {
        chunk.field("finish_reason", dialect_.finish.of(generation.cause));
        write_stop_reason(chunk);
      } else {
        chunk.field_null("finish_reason").field_null("stop_reason");
      }
      chunk.end_object().end_array().end_object();
      out.stream_records.push_back(frame_record(chunk.str(), StreamFraming::sse_with_space));
    }
    if (request.include_usage) {
      JsonWriter chunk;
      chunk.begin_object();
      write_head(chunk);
      chunk.key("choices").begin_array().end_array();
      write_usage(chunk);
      chunk.end_object();
      out.stream_records.push_back(frame_record(chunk.str(), StreamFraming::sse_with_space));
    }
    out.stream_records.push_back(frame_record("[DONE]", StreamFraming::sse_with_space));
    return out;
  }

  InvocationOutput embed(const json::object& body, ContainerContext& context) const {
    std::vector<std::string> texts;
    const json::value& input = body.at("input");
    if (input.is_string()) {
      texts.emplace_back(input.as_string());
    } else if (input.is_array()) {
      for (const auto& item : input.as_array()) {
        if (!item.is_string()) return no_handler();
        texts.emplace_back(item.as_string());
      }
    } else {
      return no_handler();
    }
    std::size_t dims = options_.embedding_dimensions;
    if (const json::value* wanted = body.if_contains("dimensions"); wanted && wanted->is_int64()) {
      if (wanted->as_int64() < 1 || static_cast<std::size_t>(wanted->as_int64()) > dims) {
        return vllm_error(400, "BadRequestError",
                          "dimensions must be between 1 and " + std::to_string(dims) + ".");
      }
      dims = static_cast<std::size_t>(wanted->as_int64());
    }
    SeededRandom rng(context.seed);
    JsonWriter out;
    out.begin_object().field("id", "embd-" + hex_id(rng)).field("object", "list");
    out.field_int("created", context.unix_time).field("model", model_of(body));
    out.key("data").begin_array();
    long long tokens = 0;
    for (std::size_t i = 0; i < texts.size(); ++i) {
      tokens += static_cast<long long>(count_tokens(texts[i]));
      out.begin_object().field_int("index", static_cast<long long>(i)).field("object", "embedding");
      out.key("embedding").begin_array();
      for (float v : hashed_embedding(texts[i], dims))
        out.number(v);
      out.end_array().end_object();
    }
    out.end_array();
    out.key("usage")
        .begin_object()
        .field_int("prompt_tokens", tokens)
        .field_int("total_tokens", tokens);
    out.field_int("completion_tokens", 0).field_null("prompt_tokens_details").end_object();
    out.end_object();
    return json_answer(200, out.take());
  }

  InvocationOutput rerank(const json::object& body, ContainerContext& context) const {
    const json::value& query = body.at("query");
    const json::value& documents = body.at("documents");
    if (!query.is_string() || !documents.is_array()) return no_handler();
    std::vector<std::string> docs;
    for (const auto& doc : documents.as_array()) {
      if (doc.is_string()) {
        docs.emplace_back(doc.as_string());
      } else if (doc.is_object() && doc.as_object().contains("text") &&
                 doc.as_object().at("text").is_string()) {
        docs.emplace_back(doc.as_object().at("text").as_string());
      } else {
        return no_handler();
      }
    }
    std::size_t top_n = docs.size();
    if (const json::value* n = body.if_contains("top_n"); n && n->is_int64() && n->as_int64() > 0) {
      top_n = std::min(top_n, static_cast<std::size_t>(n->as_int64()));
    }
    std::vector<double> scores;
    long long tokens = 0;
    for (const auto& doc : docs) {
      scores.push_back(sigmoid(relevance_logit(query.as_string(), doc)));
      tokens += static_cast<long long>(count_tokens(query.as_string()) + count_tokens(doc));
    }
    std::vector<std::size_t> order(docs.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    SeededRandom rng(context.seed);
    JsonWriter out;
    out.begin_object().field("id", "rerank-" + hex_id(rng)).field("model", model_of(body));
    out.key("usage").begin_object().field_int("total_tokens", tokens).end_object();
    out.key("results").begin_array();
    for (std::size_t rank = 0; rank < top_n; ++rank) {
      const std::size_t i = order[rank];
      out.begin_object().field_int("index", static_cast<long long>(i));
      out.key("document").begin_object().field("text", docs[i]).end_object();
      out.key("relevance_score").number(scores[i]).end_object();
    }
    out.end_array().end_object();
    return json_answer(200, out.take());
  }

  std::string model_of(const json::object& body) const {
    if (const json::value* model = body.if_contains("model"); model && model->is_string()) {
      return std::string(model->as_string());
    }
    return options_.model_id;
  }

  ContainerOptions options_;
  ChatDialect dialect_;
  bool strict_model_ = false;
};

}  // namespace

std::unique_ptr<Container> make_vllm(const ContainerOptions& options) {
  return std::make_unique<VllmContainer>(options);
}

}  // namespace smp::emulator::builtin
