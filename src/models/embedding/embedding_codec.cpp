#include "models/embedding/embedding_codec.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cmath>

#include "models/json_reply.hpp"
#include "models/token_estimate.hpp"

namespace smp::models {
namespace {

namespace json = boost::json;

std::string what(EmbeddingFormat format) {
  return std::string(to_string(format)) + " embedding";
}

std::string query_instruction(EmbeddingFormat format, const EmbeddingCodecOptions& options) {
  if (options.query_instruction) return *options.query_instruction;
  return format == EmbeddingFormat::bge_m3 ? std::string(kBgeQueryInstruction) : std::string();
}

json::array texts_json(const EmbeddingRequest& request, std::string_view prefix) {
  json::array texts;
  texts.reserve(request.texts.size());
  for (const auto& text : request.texts) {
    texts.emplace_back(prefix.empty() ? text : std::string(prefix) + text);
  }
  return texts;
}

// The query prefix for formats that take the instruction as text.
std::string prefix_for(EmbeddingFormat format, const EmbeddingRequest& request,
                       const EmbeddingCodecOptions& options) {
  if (request.input_type != InputType::query) return {};
  std::string prefix = query_instruction(format, options);
  if (!prefix.empty() && prefix.back() != ' ' && prefix.back() != '\n') prefix += ' ';
  return prefix;
}

// [f, f, …] → floats; `position` names the vector in errors.
Result<std::vector<float>> read_vector(const json::value& value, std::size_t position,
                                       std::string_view what_text, std::string_view body) {
  const auto* array = value.if_array();
  if (array == nullptr) {
    return std::unexpected(unexpected_shape(
        what_text, "vector " + std::to_string(position) + " to be an array of numbers", value,
        body));
  }
  std::vector<float> vector;
  vector.reserve(array->size());
  for (const auto& element : *array) {
    const auto number = number_of(element);
    if (!number) {
      return std::unexpected(unexpected_shape(
          what_text, "numbers in vector " + std::to_string(position), element, body));
    }
    vector.push_back(static_cast<float>(*number));
  }
  return vector;
}

// [[…], […]] (or a single flat vector, which some handlers return for one input).
Result<std::vector<std::vector<float>>> read_vectors(const json::value& value,
                                                     std::string_view expected,
                                                     std::string_view what_text,
                                                     std::string_view body) {
  const auto* array = value.if_array();
  if (array == nullptr) return std::unexpected(unexpected_shape(what_text, expected, value, body));
  std::vector<std::vector<float>> vectors;
  if (!array->empty() && number_of(array->front())) {
    auto single = read_vector(value, 0, what_text, body);
    if (!single) return std::unexpected(std::move(single.error()));
    vectors.push_back(std::move(*single));
    return vectors;
  }
  vectors.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    auto vector = read_vector((*array)[i], i, what_text, body);
    if (!vector) return std::unexpected(std::move(vector.error()));
    vectors.push_back(std::move(*vector));
  }
  return vectors;
}

Result<std::vector<std::vector<float>>> read_openai_data(const json::value& reply,
                                                         std::string_view what_text,
                                                         std::string_view body) {
  const auto* data = find(reply, "data");
  if (data == nullptr || !data->is_array()) {
    return std::unexpected(
        unexpected_shape(what_text, "an object with data[] of {index, embedding}", reply, body));
  }
  const auto& items = data->get_array();
  std::vector<std::vector<float>> vectors(items.size());
  std::vector<bool> seen(items.size(), false);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const auto index = integer_at(items[i], "index");
    const std::size_t slot = index ? static_cast<std::size_t>(*index) : i;
    if ((index && *index < 0) || slot >= items.size() || seen[slot]) {
      return std::unexpected(unexpected_reply(
          what_text,
          "data[" + std::to_string(i) + "] has a missing, repeated or out-of-range index", body));
    }
    const auto* embedding = find(items[i], "embedding");
    if (embedding == nullptr) {
      return std::unexpected(
          unexpected_shape(what_text, "data[] items with an embedding array", items[i], body));
    }
    auto vector = read_vector(*embedding, slot, what_text, body);
    if (!vector) return std::unexpected(std::move(vector.error()));
    vectors[slot] = std::move(*vector);  // the index is the input position: sort by it
    seen[slot] = true;
  }
  return vectors;
}

void normalize_l2(std::vector<float>& vector) {
  double sum = 0;
  for (const float x : vector)
    sum += static_cast<double>(x) * x;
  if (sum <= 0) return;
  const double scale = 1.0 / std::sqrt(sum);
  for (float& x : vector)
    x = static_cast<float>(x * scale);
}

}  // namespace

std::string_view to_string(EmbeddingFormat format) {
  switch (format) {
    case EmbeddingFormat::tei:
      return "tei";
    case EmbeddingFormat::bge_m3:
      return "bge-m3";
    case EmbeddingFormat::openai:
      return "openai";
    case EmbeddingFormat::jumpstart:
      return "jumpstart";
    case EmbeddingFormat::cohere:
      return "cohere";
  }
  return "tei";
}

Result<EmbeddingFormat> parse_embedding_format(std::string_view name) {
  if (name == "tei") return EmbeddingFormat::tei;
  if (name == "bge-m3" || name == "bge_m3") return EmbeddingFormat::bge_m3;
  if (name == "openai") return EmbeddingFormat::openai;
  if (name == "jumpstart") return EmbeddingFormat::jumpstart;
  if (name == "cohere") return EmbeddingFormat::cohere;
  return fail(ErrorKind::invalid_argument, "UnknownPayloadFormat",
              "unknown embedding payload format \"" + std::string(name) +
                  "\" (expected tei, bge-m3, openai, jumpstart or cohere)");
}

Result<std::string> build_embedding_request(EmbeddingFormat format, const EmbeddingRequest& request,
                                            const EmbeddingCodecOptions& options) {
  if (request.texts.empty()) {
    return fail(ErrorKind::invalid_argument, "EmptyInput",
                "an embedding request needs at least one text");
  }
  const bool query = request.input_type == InputType::query;
  json::object body;
  switch (format) {
    case EmbeddingFormat::tei:
      body["inputs"] = texts_json(request, prefix_for(format, request, options));
      body["truncate"] = options.container_truncate;
      if (request.normalize) body["normalize"] = *request.normalize;
      if (request.dimensions) body["dimensions"] = *request.dimensions;
      break;
    case EmbeddingFormat::bge_m3:
      // The handler prepends the instruction itself when is_query is set.
      body["inputs"] = texts_json(request, {});
      body["is_query"] = query;
      body["instruction"] = query ? query_instruction(format, options) : std::string();
      break;
    case EmbeddingFormat::openai:
      body["input"] = texts_json(request, prefix_for(format, request, options));
      if (!request.model.empty()) body["model"] = request.model;
      if (request.dimensions) body["dimensions"] = *request.dimensions;
      body["encoding_format"] = "float";
      break;
    case EmbeddingFormat::jumpstart:
      body["text_inputs"] = texts_json(request, prefix_for(format, request, options));
      break;
    case EmbeddingFormat::cohere:
      body["texts"] = texts_json(request, {});
      body["input_type"] = query ? "search_query" : "search_document";
      body["truncate"] = options.container_truncate ? "END" : "NONE";
      break;
  }
  return json::serialize(body);
}

Result<EmbeddingResult> parse_embedding_response(EmbeddingFormat format, std::string_view body,
                                                 const EmbeddingRequest& request) {
  const std::string what_text = what(format);
  auto reply = parse_json(body, what_text);
  if (!reply) return std::unexpected(std::move(reply.error()));
  if (auto message = container_error_message(*reply)) {
    return std::unexpected(container_error(what_text, *message, body));
  }

  EmbeddingResult result;
  Result<std::vector<std::vector<float>>> vectors;
  std::optional<std::int64_t> reported_tokens;
  switch (format) {
    case EmbeddingFormat::tei:
      vectors = read_vectors(*reply, "a JSON array of vectors ([[float, …], …])", what_text, body);
      break;
    case EmbeddingFormat::bge_m3: {
      const auto* embeddings = find(*reply, "embeddings");
      vectors =
          embeddings != nullptr
              ? read_vectors(*embeddings, "embeddings to be an array of vectors", what_text, body)
              : std::unexpected(unexpected_shape(
                    what_text, "an object with embeddings: [[float, …], …]", *reply, body));
      break;
    }
    case EmbeddingFormat::openai: {
      vectors = read_openai_data(*reply, what_text, body);
      if (const auto* usage = find(*reply, "usage")) {
        reported_tokens = integer_at(*usage, "prompt_tokens");
        if (!reported_tokens) reported_tokens = integer_at(*usage, "total_tokens");
      }
      break;
    }
    case EmbeddingFormat::jumpstart: {
      const auto* embedding = find(*reply, "embedding");
      vectors =
          embedding != nullptr
              ? read_vectors(*embedding, "embedding to be an array of vectors", what_text, body)
              : std::unexpected(unexpected_shape(
                    what_text, "an object with embedding: [[float, …], …]", *reply, body));
      break;
    }
    case EmbeddingFormat::cohere: {
      const json::value* embeddings = find(*reply, "embeddings");
      if (embeddings != nullptr && embeddings->is_object()) embeddings = find(*embeddings, "float");
      vectors =
          embeddings != nullptr
              ? read_vectors(*embeddings, "embeddings to be an array of vectors", what_text, body)
              : std::unexpected(unexpected_shape(
                    what_text, "an object with embeddings: [[float, …], …] or {float: …}", *reply,
                    body));
      if (const auto* meta = find(*reply, "meta")) {
        if (const auto* billed = find(*meta, "billed_units")) {
          reported_tokens = integer_at(*billed, "input_tokens");
        }
      }
      break;
    }
  }
  if (!vectors) return std::unexpected(std::move(vectors.error()));
  result.vectors = std::move(*vectors);

  if (result.vectors.size() != request.texts.size()) {
    return std::unexpected(unexpected_reply(what_text,
                                            "expected " + std::to_string(request.texts.size()) +
                                                " vectors (one per input), got " +
                                                std::to_string(result.vectors.size()),
                                            body));
  }
  const std::size_t size = result.vectors.empty() ? 0 : result.vectors.front().size();
  for (std::size_t i = 0; i < result.vectors.size(); ++i) {
    if (result.vectors[i].size() != size || size == 0) {
      return std::unexpected(unexpected_reply(what_text,
                                              "vectors differ in size or are empty (vector 0 has " +
                                                  std::to_string(size) + " values, vector " +
                                                  std::to_string(i) + " has " +
                                                  std::to_string(result.vectors[i].size()) + ")",
                                              body));
    }
  }

  const bool forwards_dimensions =
      format == EmbeddingFormat::tei || format == EmbeddingFormat::openai;
  if (request.dimensions) {
    if (!forwards_dimensions) {
      result.warnings.push_back("the " + std::string(to_string(format)) +
                                " format cannot ask for dimensions; the container returned " +
                                std::to_string(size));
    } else if (static_cast<std::size_t>(*request.dimensions) != size) {
      result.warnings.push_back("asked for " + std::to_string(*request.dimensions) +
                                " dimensions, the container returned " + std::to_string(size));
    }
  }
  if (request.normalize.value_or(false) && format != EmbeddingFormat::tei) {
    // L2 normalisation is idempotent, so vectors the container already normalised stay as they
    // are (up to rounding).
    for (auto& vector : result.vectors)
      normalize_l2(vector);
  }

  if (reported_tokens) {
    result.usage = Usage{*reported_tokens, 0, *reported_tokens, false};
  } else {
    std::int64_t tokens = 0;
    for (const auto& text : request.texts)
      tokens += estimate_tokens(text);
    result.usage = Usage{tokens, 0, tokens, true};
  }
  return result;
}

}  // namespace smp::models
