#pragma once
// The request both custom reranker handlers read (user-needs §2.7, §2.8): the query repeated per
// document, {"inputs": ["q","q"], "docs": ["d1","d2"]}, paired by position.
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

namespace smp::emulator {

struct RerankPairs {
  std::vector<std::string> queries;
  std::vector<std::string> docs;
};

// Nothing when `inputs` or `docs` is missing or not a list of strings (the handlers then fail
// with a Python TypeError/KeyError).
std::optional<RerankPairs> read_rerank_pairs(const boost::json::value& body);

}  // namespace smp::emulator
