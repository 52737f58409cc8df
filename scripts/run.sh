#!/usr/bin/env bash
# Installs what is missing, builds the release binary and runs the main job: the OpenAI-compatible
# gateway (`serve`), which without a config serves demo models on an in-process emulator.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --workflow --preset release >/dev/null
exec ./build/release/sagemaker-provider "${@:-serve}"
