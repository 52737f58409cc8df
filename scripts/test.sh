#!/usr/bin/env bash
# Installs what is missing, builds everything with ASan+UBSan and runs every test through CTest,
# then runs each fuzz target briefly. This is the README's test command and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh --with-test-clients
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan "$@"
if [ "${SMP_SKIP_FUZZ:-0}" != "1" ]; then
  ./scripts/fuzz.sh "${SMP_FUZZ_SECONDS:-20}"
fi
