#!/usr/bin/env bash
# Installs what is missing, builds everything with ASan+UBSan and runs every test through CTest
# (unit, component, end-to-end, and every fuzz target replayed over its seed corpus, then fed
# random mutations of it for a few seconds). This is the
# README's test command and what CI runs. SMP_FUZZ_SECONDS=N adds live fuzzing (clang-16,
# libFuzzer) of each target for N seconds afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh --with-test-clients
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan "$@"
if [ -n "${SMP_FUZZ_SECONDS:-}" ]; then
  ./scripts/fuzz.sh "${SMP_FUZZ_SECONDS}"
fi
