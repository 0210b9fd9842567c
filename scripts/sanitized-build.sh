#!/usr/bin/env bash
# sanitized-build.sh - the sanitized build: clang-19 with ASan and UBSan on
# every target (any report fatal) in its own build directory. Builds what
# the test suite runs sanitized: the frontend fuzzer (libFuzzer), the
# runtime and model driver archives a compiled model links with, and the
# runtime's GoogleTest tests. Prints the build directory.
#
# Usage: scripts/sanitized-build.sh [BUILD_DIR]   (default: build-sanitize)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build-sanitize}

"$root/scripts/install-deps.sh" >&2
if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DRNNC_ENABLE_FUZZING=ON >&2
fi
ninja -C "$build" ${RNNC_JOBS:+-j "$RNNC_JOBS"} rnnc-fuzz-frontend \
  rnnc_runtime rnnc_model_main rnnc_runtime_tests >&2
echo "$build"
