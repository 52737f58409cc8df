// Qwen3-Reranker BYOC (vLLM LLM(task="score") behind FastAPI, user-needs §2.8): the same pairs
// as FlagReranker → {"scores": [probabilities], "ranked_results": [{"query","document","score"}]}
// sorted by score, written by json.dumps (", " and ": ", non-ASCII as \u escapes). Errors are
// FastAPI's: an unparsable body is an uncaught exception (500 text), a failed scoring an
// HTTPException (500 {"detail": …}).
#include <algorithm>
#include <boost/json.hpp>
#include <numeric>

#include "emulator/containers/builtin.hpp"
#include "emulator/containers/embedding.hpp"
#include "emulator/containers/json_writer.hpp"
#include "emulator/containers/rerank_pairs.hpp"

namespace smp::emulator::builtin {
namespace {

class Qwen3RerankerContainer final : public Container {
 public:
  std::string_view kind() const override { return "qwen3-reranker"; }

  InvocationOutput invoke(const InvocationInput& input, ContainerContext&) const override {
    auto parsed = parse_json(input.body);
    if (!parsed || !parsed->is_object()) return fastapi_internal_error();
    const auto pairs = read_rerank_pairs(*parsed);
    if (!pairs || pairs->queries.empty()) return fastapi_http_exception(500, "Error during rerank");
    // vLLM scores one query against many documents, but the handler then indexes inputs[i]
    // for every score and fails; other length mismatches fail inside vLLM.
    if (pairs->queries.size() == 1 && pairs->docs.size() > 1) {
      return fastapi_http_exception(500, "Error during invocation");
    }
    if (pairs->queries.size() != pairs->docs.size()) {
      return fastapi_http_exception(500, "Error during rerank");
    }
    std::vector<double> scores;
    for (std::size_t i = 0; i < pairs->queries.size(); ++i) {
      scores.push_back(sigmoid(relevance_logit(pairs->queries[i], pairs->docs[i])));
    }
    std::vector<std::size_t> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    JsonWriter out(JsonStyle::python_dumps());
    out.begin_object().key("scores").begin_array();
    for (double score : scores)
      out.number(score);
    out.end_array().key("ranked_results").begin_array();
    for (std::size_t i : order) {
      out.begin_object().field("query", pairs->queries[i]).field("document", pairs->docs[i]);
      out.key("score").number(scores[i]).end_object();
    }
    out.end_array().end_object();
    return json_answer(200, out.take());
  }
};

}  // namespace

std::unique_ptr<Container> make_qwen3_reranker(const ContainerOptions&) {
  return std::make_unique<Qwen3RerankerContainer>();
}

}  // namespace smp::emulator::builtin
