#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) and runs each for the given seconds from its
# seed corpus. Any crash fails the script and leaves the reproducer in build/fuzz/crashes/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-20}"

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target fuzzers
mkdir -p build/fuzz/crashes
shopt -s nullglob
for target in build/fuzz/fuzz/fuzz_*; do
  [ -x "$target" ] || continue
  name="$(basename "$target")"
  corpus="build/fuzz/corpus/$name"
  mkdir -p "$corpus"
  # New inputs go to the build corpus; the committed seeds are read but never written.
  dirs=("$corpus")
  seeds="fuzz/corpus/${name#fuzz_}"
  [ -d "$seeds" ] && dirs+=("$seeds")
  echo "fuzz: $name for ${seconds}s"
  "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="build/fuzz/crashes/$name-" "${dirs[@]}" \
    2>"build/fuzz/$name.log" || { tail -40 "build/fuzz/$name.log"; exit 1; }
  grep -E '^(#[0-9]+|Done)' "build/fuzz/$name.log" | tail -1
done
echo "fuzz: all targets ran clean"
