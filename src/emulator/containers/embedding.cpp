#include "emulator/containers/embedding.hpp"

#include <cmath>
#include <map>
#include <string>

#include "emulator/containers/deterministic.hpp"
#include "emulator/containers/text_tokens.hpp"

namespace smp::emulator {

std::vector<float> hashed_embedding(std::string_view text, std::size_t dims, bool normalize) {
  std::vector<float> vector(dims == 0 ? 1 : dims, 0.0f);
  std::vector<std::string> terms = word_terms(text);
  // An empty or all-punctuation text still gets a definite direction (the empty term's bucket),
  // as a real encoder would embed its special tokens.
  if (terms.empty()) terms.emplace_back();
  for (const auto& term : terms) {
    const std::uint64_t hash = fnv1a64(term);
    const float sign = ((hash >> 32) & 1) != 0 ? -1.0f : 1.0f;
    vector[hash % vector.size()] += sign;
  }
  if (normalize) {
    double norm = 0;
    for (float v : vector)
      norm += static_cast<double>(v) * v;
    norm = std::sqrt(norm);
    if (norm > 0) {
      for (float& v : vector)
        v = static_cast<float>(v / norm);
    }
  }
  return vector;
}

double cosine_similarity(const std::vector<float>& a, const std::vector<float>& b) {
  double dot = 0, na = 0, nb = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    dot += static_cast<double>(a[i]) * b[i];
    na += static_cast<double>(a[i]) * a[i];
    nb += static_cast<double>(b[i]) * b[i];
  }
  if (na == 0 || nb == 0) return 0;
  return dot / (std::sqrt(na) * std::sqrt(nb));
}

double lexical_relevance(std::string_view query, std::string_view document) {
  std::map<std::string, int> q, d;
  for (auto& term : word_terms(query))
    ++q[term];
  for (auto& term : word_terms(document))
    ++d[term];
  if (q.empty() || d.empty()) return 0;
  std::size_t covered = 0;
  double dot = 0, nq = 0, nd = 0;
  for (const auto& [term, count] : q) {
    nq += count * count;
    if (auto it = d.find(term); it != d.end()) {
      ++covered;
      dot += count * it->second;
    }
  }
  for (const auto& [term, count] : d)
    nd += count * count;
  const double coverage = static_cast<double>(covered) / static_cast<double>(q.size());
  const double cosine = dot / (std::sqrt(nq) * std::sqrt(nd));
  return 0.7 * coverage + 0.3 * cosine;
}

double relevance_logit(std::string_view query, std::string_view document) {
  return 8.0 * lexical_relevance(query, document) - 4.0;
}

double sigmoid(double x) {
  return 1.0 / (1.0 + std::exp(-x));
}

}  // namespace smp::emulator
