#pragma once
// Random mutations of corpus inputs, for fuzzing inside the sanitizer test build (no clang, no
// second build). Not coverage-guided like libFuzzer (scripts/fuzz.sh): it explores the
// neighbourhood of every seed — bit flips, boundary bytes, inserted and deleted runs, repeated
// runs, splices of two seeds — which is where parsers of framed data usually break.
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace smp::fuzz_replay {

class Mutator {
 public:
  Mutator(std::vector<std::string> seeds, std::uint64_t seed);

  // A fresh input: one seed (or an empty input) with 1–8 mutations applied, at most `max_size`
  // bytes.
  std::string next(std::size_t max_size = 64 * 1024);

 private:
  void mutate_once(std::string& data);
  std::size_t pick(std::size_t bound);  // uniform in [0, bound)

  std::vector<std::string> seeds_;
  std::mt19937_64 random_;
};

}  // namespace smp::fuzz_replay
