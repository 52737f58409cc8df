// fuzz_replay NAME DIR [--mutate SECONDS] [--seed N]: feeds every file under DIR to the fuzz
// target NAME, as libFuzzer replays a corpus; with --mutate it then keeps feeding random
// mutations of those files (mutator.hpp) for SECONDS. A sanitizer report or an oracle's abort()
// ends the process non-zero, after the input that did it is written to
// fuzz-crash-NAME-SEED-N.bin in the working directory (replay it by putting it in a directory and
// running fuzz_replay NAME that-directory). An empty or missing corpus is a failure too, so a
// renamed directory cannot silently test nothing.
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "fuzz_targets.hpp"
#include "mutator.hpp"

// Only the sanitizer build links the sanitizer runtime that has the death callback.
#ifdef SMP_SANITIZED
#include <sanitizer/common_interface_defs.h>
#endif

namespace {

// The input being run, for the crash file. Plain globals: written before each run, read only by
// the dying process.
const std::uint8_t* current_data = nullptr;
std::size_t current_size = 0;
char crash_path[512] = "fuzz-crash.bin";

void save_current_input() {
  if (current_data == nullptr) return;
  if (std::FILE* f = std::fopen(crash_path, "wb")) {
    std::fwrite(current_data, 1, current_size, f);
    std::fclose(f);
    std::fprintf(stderr, "fuzz_replay: the failing input is in %s\n", crash_path);
  }
  current_data = nullptr;
}

extern "C" void on_fatal_signal(int signal) {
  save_current_input();
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

void run_one(smp::fuzz_replay::EntryPoint run, const std::string& bytes) {
  // libFuzzer hands targets a heap copy of exactly the input's size; so do we, so that ASan sees
  // reads one past the end.
  std::vector<std::uint8_t> copy(bytes.begin(), bytes.end());
  current_data = copy.data();
  current_size = copy.size();
  run(copy.data(), copy.size());
  current_data = nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && argc != 5 && argc != 7) {
    std::fprintf(stderr, "usage: fuzz_replay TARGET CORPUS_DIR [--mutate SECONDS] [--seed N]\n");
    return 2;
  }
  const auto run = smp::fuzz_replay::find_target(argv[1]);
  if (run == nullptr) {
    std::fprintf(stderr, "no fuzz target named %s\n", argv[1]);
    return 2;
  }
  double mutate_seconds = 0;
  std::uint64_t seed = std::random_device{}();
  for (int i = 3; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--mutate") == 0)
      mutate_seconds = std::atof(argv[i + 1]);
    else if (std::strcmp(argv[i], "--seed") == 0)
      seed = std::strtoull(argv[i + 1], nullptr, 10);
  }

  std::error_code ec;
  std::vector<std::filesystem::path> paths;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[2], ec))
    if (entry.is_regular_file()) paths.push_back(entry.path());
  if (ec || paths.empty()) {
    std::fprintf(stderr, "no corpus files under %s\n", argv[2]);
    return 1;
  }
  std::vector<std::string> inputs;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    inputs.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  std::snprintf(crash_path, sizeof crash_path, "fuzz-crash-%s-%llu.bin", argv[1],
                static_cast<unsigned long long>(seed));
#ifdef SMP_SANITIZED
  __sanitizer_set_death_callback(save_current_input);
#endif
  for (int signal : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL})
    std::signal(signal, on_fatal_signal);

  for (const auto& input : inputs)
    run_one(run, input);
  std::printf("%s: %zu inputs replayed\n", argv[1], inputs.size());
  if (mutate_seconds <= 0) return 0;

  smp::fuzz_replay::Mutator mutator(inputs, seed);
  const auto until =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(mutate_seconds);
  std::size_t runs = 0;
  while (std::chrono::steady_clock::now() < until) {
    for (int batch = 0; batch < 64; ++batch, ++runs)
      run_one(run, mutator.next());
  }
  std::printf("%s: %zu mutated inputs in %.0f s (seed %llu), no failure\n", argv[1], runs,
              mutate_seconds, static_cast<unsigned long long>(seed));
  return 0;
}
