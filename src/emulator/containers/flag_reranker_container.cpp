// bge-reranker-v2-m3 under a DJL custom handler (user-needs §2.7): FlagReranker.compute_score
// over the (query, doc) pairs → {"scores": [raw logits]} in request order, and — as
// compute_score does for a single pair — a bare float instead of a list for one pair.
#include <boost/json.hpp>

#include "emulator/containers/builtin.hpp"
#include "emulator/containers/embedding.hpp"
#include "emulator/containers/json_writer.hpp"
#include "emulator/containers/rerank_pairs.hpp"

namespace smp::emulator::builtin {
namespace {

class FlagRerankerContainer final : public Container {
 public:
  std::string_view kind() const override { return "flag-reranker"; }

  InvocationOutput invoke(const InvocationInput& input, ContainerContext&) const override {
    auto parsed = parse_json(input.body);
    if (!parsed) return djl_handler_error(parsed.error().python_message());
    const auto pairs = read_rerank_pairs(*parsed);
    if (!pairs) return djl_handler_error("'inputs'");
    if (pairs->docs.size() < pairs->queries.size())
      return djl_handler_error("list index out of range");
    std::vector<double> scores;
    for (std::size_t i = 0; i < pairs->queries.size(); ++i) {
      scores.push_back(relevance_logit(pairs->queries[i], pairs->docs[i]));
    }
    JsonWriter out(JsonStyle::djl_output());
    out.begin_object().key("scores");
    if (scores.size() == 1) {
      out.number(scores.front());
    } else {
      out.begin_array();
      for (double score : scores)
        out.number(score);
      out.end_array();
    }
    out.end_object();
    return json_answer(200, out.take());
  }
};

}  // namespace

std::unique_ptr<Container> make_flag_reranker(const ContainerOptions&) {
  return std::make_unique<FlagRerankerContainer>();
}

}  // namespace smp::emulator::builtin
