#!/usr/bin/env bash
# fuzz-build.sh - build the frontend fuzzer with clang-19, libFuzzer, ASan
# and UBSan in its own build directory; prints the fuzzer's path.
#
# Usage: scripts/fuzz-build.sh [BUILD_DIR]   (default: build-fuzz)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-fuzz}

"$root/scripts/install-deps.sh" >&2
if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DRNNC_ENABLE_FUZZING=ON >&2
fi
ninja -C "$build" ${RNNC_JOBS:+-j "$RNNC_JOBS"} rnnc-fuzz-frontend >&2
echo "$build/bin/rnnc-fuzz-frontend"
