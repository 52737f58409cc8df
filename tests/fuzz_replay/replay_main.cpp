// fuzz_replay NAME DIR: feeds every file under DIR to the fuzz target NAME, as libFuzzer would
// replay a corpus. A sanitizer report or an oracle's abort() ends the process non-zero; an empty
// or missing corpus is a failure too, so a renamed directory cannot silently test nothing.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_targets.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: fuzz_replay TARGET CORPUS_DIR\n");
    return 2;
  }
  const auto run = smp::fuzz_replay::find_target(argv[1]);
  if (run == nullptr) {
    std::fprintf(stderr, "no fuzz target named %s\n", argv[1]);
    return 2;
  }
  std::error_code ec;
  std::vector<std::filesystem::path> inputs;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[2], ec))
    if (entry.is_regular_file()) inputs.push_back(entry.path());
  if (ec || inputs.empty()) {
    std::fprintf(stderr, "no corpus files under %s\n", argv[2]);
    return 1;
  }
  for (const auto& path : inputs) {
    std::ifstream in(path, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    // libFuzzer hands targets a heap copy of exactly the input's size; so do we, so that ASan
    // sees reads one past the end.
    std::vector<std::uint8_t> copy(bytes.begin(), bytes.end());
    run(copy.data(), copy.size());
  }
  std::printf("%s: %zu inputs replayed\n", argv[1], inputs.size());
  return 0;
}
