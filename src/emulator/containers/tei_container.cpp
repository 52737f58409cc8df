// Hugging Face Text Embeddings Inference behind SageMaker (user-needs §2.5): `/invocations` is
// `embed` for an embedding model ({"inputs": str | [str]} → bare [[f32…]]) and `rerank` for a
// reranker ({"query","texts"} → [{"index","score"}] sorted by score). Errors are TEI's
// {"error","error_type"}; more than max_client_batch_size inputs answer 413, as does an input
// over max_input_tokens without "truncate": true. axum's JSON extractor answers bad bodies in
// plain text (400 syntax, 422 shape).
#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <numeric>

#include "emulator/containers/builtin.hpp"
#include "emulator/containers/embedding.hpp"
#include "emulator/containers/json_writer.hpp"
#include "emulator/containers/text_tokens.hpp"

namespace smp::emulator::builtin {
namespace {

namespace json = boost::json;

InvocationOutput tei_error(int status, std::string_view type, std::string_view message) {
  JsonWriter out;
  out.begin_object().field("error", message).field("error_type", type).end_object();
  return json_answer(status, out.take());
}

InvocationOutput shape_error(std::string_view detail) {
  return answer(422, "text/plain; charset=utf-8",
                "Failed to deserialize the JSON body into the target type: " + std::string(detail));
}

bool flag(const json::object& body, std::string_view name, bool fallback) {
  const json::value* value = body.if_contains(name);
  return value && value->is_bool() ? value->as_bool() : fallback;
}

std::string truncated(std::string_view text, std::size_t max_tokens) {
  std::string out;
  std::size_t n = 0;
  for (auto& token : tokenize(text)) {
    if (n++ == max_tokens) break;
    out += token;
  }
  return out;
}

class TeiContainer final : public Container {
 public:
  explicit TeiContainer(const ContainerOptions& options) : options_(options) {}

  std::string_view kind() const override { return "tei"; }

  InvocationOutput invoke(const InvocationInput& input, ContainerContext&) const override {
    auto parsed = parse_json(input.body);
    if (!parsed) {
      return answer(400, "text/plain; charset=utf-8",
                    "Failed to parse the request body as JSON: " + parsed.error().serde_message());
    }
    if (!parsed->is_object()) return shape_error("invalid type: expected a map");
    const json::object& body = parsed->as_object();
    const bool rerank =
        options_.task == "rerank" || (options_.task.empty() && body.contains("query"));
    return rerank ? rank(body) : embed(body);
  }

 private:
  // Checks batch size and length; returns the texts as the model sees them.
  std::expected<std::vector<std::string>, InvocationOutput> admit(std::vector<std::string> texts,
                                                                  bool truncate,
                                                                  std::string_view field) const {
    if (texts.empty()) {
      return std::unexpected(
          tei_error(422, "Validation", "`" + std::string(field) + "` cannot be empty"));
    }
    if (texts.size() > options_.max_client_batch_size) {
      return std::unexpected(tei_error(413, "Validation",
                                       "batch size " + std::to_string(texts.size()) +
                                           " > maximum allowed batch size " +
                                           std::to_string(options_.max_client_batch_size)));
    }
    for (auto& text : texts) {
      const std::size_t tokens = count_tokens(text);
      if (tokens <= options_.max_input_tokens) continue;
      if (!truncate) {
        return std::unexpected(tei_error(413, "Validation",
                                         "Input validation error: `inputs` must have less than " +
                                             std::to_string(options_.max_input_tokens) +
                                             " tokens. Given: " + std::to_string(tokens)));
      }
      text = truncated(text, options_.max_input_tokens);
    }
    return texts;
  }

  InvocationOutput embed(const json::object& body) const {
    const json::value* inputs = body.if_contains("inputs");
    if (!inputs) return shape_error("missing field `inputs`");
    std::vector<std::string> texts;
    if (inputs->is_string()) {
      texts.emplace_back(inputs->as_string());
    } else if (inputs->is_array()) {
      for (const auto& item : inputs->as_array()) {
        if (!item.is_string())
          return shape_error("data did not match any variant of untagged enum Input");
        texts.emplace_back(item.as_string());
      }
    } else {
      return shape_error("data did not match any variant of untagged enum Input");
    }
    auto admitted = admit(std::move(texts), flag(body, "truncate", false), "inputs");
    if (!admitted) return admitted.error();
    std::size_t dims = options_.embedding_dimensions;
    if (const json::value* wanted = body.if_contains("dimensions"); wanted && !wanted->is_null()) {
      if (!wanted->is_int64() || wanted->as_int64() < 1 ||
          static_cast<std::size_t>(wanted->as_int64()) > dims) {
        return tei_error(400, "Validation",
                         "`dimensions` must be between 1 and " + std::to_string(dims));
      }
      dims = static_cast<std::size_t>(wanted->as_int64());
    }
    const bool normalize = flag(body, "normalize", true);
    JsonWriter out(JsonStyle::serde_f32());
    out.begin_array();
    for (const auto& text : *admitted) {
      std::vector<float> vector = hashed_embedding(text, options_.embedding_dimensions, normalize);
      if (dims < vector.size()) {
        // Matryoshka-style: keep the first `dims` components, then normalise again.
        vector.resize(dims);
        if (normalize) {
          double norm = 0;
          for (float v : vector)
            norm += static_cast<double>(v) * v;
          if (norm > 0) {
            for (float& v : vector)
              v = static_cast<float>(v / std::sqrt(norm));
          }
        }
      }
      out.begin_array();
      for (float v : vector)
        out.number(v);
      out.end_array();
    }
    out.end_array();
    return json_answer(200, out.take());
  }

  InvocationOutput rank(const json::object& body) const {
    const json::value* query = body.if_contains("query");
    const json::value* texts_value = body.if_contains("texts");
    if (!query) return shape_error("missing field `query`");
    if (!texts_value) return shape_error("missing field `texts`");
    if (!query->is_string() || !texts_value->is_array()) {
      return shape_error("invalid type: expected a string");
    }
    std::vector<std::string> texts;
    for (const auto& item : texts_value->as_array()) {
      if (!item.is_string()) return shape_error("invalid type: expected a string");
      texts.emplace_back(item.as_string());
    }
    auto admitted = admit(texts, flag(body, "truncate", false), "texts");
    if (!admitted) return admitted.error();
    const bool raw = flag(body, "raw_scores", false);
    const bool return_text = flag(body, "return_text", false);
    std::vector<double> scores;
    for (const auto& text : *admitted) {
      const double logit = relevance_logit(query->as_string(), text);
      scores.push_back(raw ? logit : sigmoid(logit));
    }
    std::vector<std::size_t> order(texts.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    JsonWriter out(JsonStyle::serde_f32());
    out.begin_array();
    for (std::size_t i : order) {
      out.begin_object().field_int("index", static_cast<long long>(i));
      if (return_text) out.field("text", texts[i]);
      out.key("score").number(scores[i]).end_object();
    }
    out.end_array();
    return json_answer(200, out.take());
  }

  ContainerOptions options_;
};

}  // namespace

std::unique_ptr<Container> make_tei(const ContainerOptions& options) {
  return std::make_unique<TeiContainer>(options);
}

}  // namespace smp::emulator::builtin
