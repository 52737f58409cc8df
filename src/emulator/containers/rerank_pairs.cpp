#include "emulator/containers/rerank_pairs.hpp"

#include <boost/json.hpp>

namespace smp::emulator {

std::optional<RerankPairs> read_rerank_pairs(const boost::json::value& body) {
  if (!body.is_object()) return std::nullopt;
  const auto strings = [&](std::string_view name) -> std::optional<std::vector<std::string>> {
    const boost::json::value* value = body.as_object().if_contains(name);
    if (!value || !value->is_array()) return std::nullopt;
    std::vector<std::string> out;
    for (const auto& item : value->as_array()) {
      if (!item.is_string()) return std::nullopt;
      out.emplace_back(item.as_string());
    }
    return out;
  };
  auto queries = strings("inputs");
  auto docs = strings("docs");
  if (!queries || !docs) return std::nullopt;
  return RerankPairs{std::move(*queries), std::move(*docs)};
}

}  // namespace smp::emulator
