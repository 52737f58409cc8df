#include "models/rerank/rerank_codec.hpp"

#include <boost/json/serialize.hpp>

#include "models/json_reply.hpp"

namespace smp::models {
namespace {

namespace json = boost::json;

using Scores = std::vector<std::optional<double>>;

std::string what(RerankFormat format) {
  return std::string(to_string(format)) + " rerank";
}

json::array strings(const std::vector<std::string>& values) {
  json::array array;
  array.reserve(values.size());
  for (const auto& v : values)
    array.emplace_back(v);
  return array;
}

// scores: [s, …] aligned with the documents, or one number for a single pair.
Result<Scores> read_positional(const json::value& scores, std::size_t count,
                               std::string_view what_text, std::string_view body) {
  Scores out(count);
  if (const auto single = number_of(scores)) {
    if (count != 1) {
      return std::unexpected(unexpected_reply(
          what_text, "got one score for " + std::to_string(count) + " documents", body));
    }
    out[0] = *single;
    return out;
  }
  const auto* array = scores.if_array();
  if (array == nullptr) {
    return std::unexpected(
        unexpected_shape(what_text, "scores to be an array of numbers", scores, body));
  }
  if (array->size() != count) {
    return std::unexpected(unexpected_reply(what_text,
                                            "expected " + std::to_string(count) +
                                                " scores (one per document), got " +
                                                std::to_string(array->size()),
                                            body));
  }
  for (std::size_t i = 0; i < count; ++i) {
    const auto number = number_of((*array)[i]);
    if (!number) {
      return std::unexpected(unexpected_shape(what_text, "numbers in scores", (*array)[i], body));
    }
    out[i] = *number;
  }
  return out;
}

// [{index, <score_key>}, …] in any order.
Result<Scores> read_indexed(const json::value& items, std::string_view score_key, std::size_t count,
                            std::string_view expected, std::string_view what_text,
                            std::string_view body) {
  const auto* array = items.if_array();
  if (array == nullptr) return std::unexpected(unexpected_shape(what_text, expected, items, body));
  Scores out(count);
  for (const auto& item : *array) {
    const auto index = integer_at(item, "index");
    const auto* score_value = find(item, score_key);
    const auto score = score_value != nullptr ? number_of(*score_value) : std::nullopt;
    if (!index || !score) {
      return std::unexpected(unexpected_shape(what_text, expected, item, body));
    }
    if (*index < 0 || static_cast<std::size_t>(*index) >= count ||
        out[static_cast<std::size_t>(*index)]) {
      return std::unexpected(unexpected_reply(what_text,
                                              "index " + std::to_string(*index) +
                                                  " is out of range or repeated (" +
                                                  std::to_string(count) + " documents)",
                                              body));
    }
    out[static_cast<std::size_t>(*index)] = *score;
  }
  return out;
}

// Qwen3 BYOC: prefer the aligned `scores`; fall back to ranked_results matched by document.
Result<Scores> read_qwen3(const json::value& reply, const RerankRequest& request,
                          std::string_view what_text, std::string_view body) {
  const auto* ranked = find(reply, "ranked_results");
  if (ranked != nullptr && !ranked->is_array()) {
    return std::unexpected(
        unexpected_shape(what_text, "ranked_results to be an array", *ranked, body));
  }
  if (const auto* scores = find(reply, "scores")) {
    return read_positional(*scores, request.documents.size(), what_text, body);
  }
  if (ranked == nullptr) {
    return std::unexpected(unexpected_shape(
        what_text, "an object with scores: [float, …] and ranked_results: [{document, score}]",
        reply, body));
  }
  Scores out(request.documents.size());
  for (const auto& item : ranked->get_array()) {
    const std::string_view document = string_at(item, "document");
    const auto* score_value = find(item, "score");
    const auto score = score_value != nullptr ? number_of(*score_value) : std::nullopt;
    if (!score) {
      return std::unexpected(
          unexpected_shape(what_text, "ranked_results items with a score", item, body));
    }
    // Equal documents get their scores in order.
    for (std::size_t i = 0; i < request.documents.size(); ++i) {
      if (!out[i] && request.documents[i] == document) {
        out[i] = *score;
        break;
      }
    }
  }
  return out;
}

}  // namespace

std::string_view to_string(RerankFormat format) {
  switch (format) {
    case RerankFormat::tei:
      return "tei";
    case RerankFormat::flag:
      return "flag";
    case RerankFormat::qwen3:
      return "qwen3";
    case RerankFormat::openai:
      return "openai";
    case RerankFormat::cohere:
      return "cohere";
  }
  return "tei";
}

Result<RerankFormat> parse_rerank_format(std::string_view name) {
  if (name == "tei") return RerankFormat::tei;
  if (name == "flag") return RerankFormat::flag;
  if (name == "qwen3") return RerankFormat::qwen3;
  if (name == "openai") return RerankFormat::openai;
  if (name == "cohere") return RerankFormat::cohere;
  return fail(ErrorKind::invalid_argument, "UnknownPayloadFormat",
              "unknown rerank payload format \"" + std::string(name) +
                  "\" (expected tei, flag, qwen3, openai or cohere)");
}

Result<std::string> build_rerank_request(RerankFormat format, const RerankRequest& request,
                                         const RerankCodecOptions& options) {
  if (request.documents.empty()) {
    return fail(ErrorKind::invalid_argument, "EmptyInput",
                "a rerank request needs at least one document");
  }
  if (request.query.empty()) {
    return fail(ErrorKind::invalid_argument, "EmptyInput", "a rerank request needs a query");
  }
  json::object body;
  switch (format) {
    case RerankFormat::tei:
      body["query"] = request.query;
      body["texts"] = strings(request.documents);
      body["truncate"] = options.container_truncate;
      if (options.raw_scores) body["raw_scores"] = true;
      break;
    case RerankFormat::flag:
    case RerankFormat::qwen3:
      body["inputs"] = strings(std::vector<std::string>(request.documents.size(), request.query));
      body["docs"] = strings(request.documents);
      break;
    case RerankFormat::openai:
      if (!request.model.empty()) body["model"] = request.model;
      [[fallthrough]];
    case RerankFormat::cohere:
      body["query"] = request.query;
      body["documents"] = strings(request.documents);
      body["top_n"] = request.documents.size();
      break;
  }
  return json::serialize(body);
}

Result<std::vector<std::optional<double>>> parse_rerank_response(RerankFormat format,
                                                                 std::string_view body,
                                                                 const RerankRequest& request) {
  const std::string what_text = what(format);
  auto reply = parse_json(body, what_text);
  if (!reply) return std::unexpected(std::move(reply.error()));
  if (auto message = container_error_message(*reply)) {
    return std::unexpected(container_error(what_text, *message, body));
  }
  const std::size_t count = request.documents.size();
  switch (format) {
    case RerankFormat::tei:
      return read_indexed(*reply, "score", count, "a JSON array of {index, score}", what_text,
                          body);
    case RerankFormat::flag: {
      // FlagReranker's handler: {"scores": …}; a bare number or array is accepted too.
      const auto* scores = find(*reply, "scores");
      if (scores == nullptr && !reply->is_object()) scores = &*reply;
      if (scores == nullptr) {
        return std::unexpected(unexpected_shape(
            what_text, "an object with scores: [float, …] (or one float for one pair)", *reply,
            body));
      }
      return read_positional(*scores, count, what_text, body);
    }
    case RerankFormat::qwen3:
      return read_qwen3(*reply, request, what_text, body);
    case RerankFormat::openai:
    case RerankFormat::cohere: {
      const auto* results = find(*reply, "results");
      if (results == nullptr) {
        return std::unexpected(unexpected_shape(
            what_text, "an object with results: [{index, relevance_score}]", *reply, body));
      }
      return read_indexed(*results, "relevance_score", count,
                          "results to be an array of {index, relevance_score}", what_text, body);
    }
  }
  return fail(ErrorKind::internal, "UnknownPayloadFormat", "unknown rerank format");
}

}  // namespace smp::models
