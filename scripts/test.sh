#!/usr/bin/env bash
# test.sh - build rnnc and run the whole test suite under ctest: lit,
# GoogleTest, the docs check and a bounded run of the frontend fuzzer (built
# first with clang-19 and sanitizers in build-fuzz). This is the README's
# test command and what CI runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}

fuzzer=$("$root/scripts/fuzz-build.sh" "$root/build-fuzz")
"$root/scripts/install-deps.sh"
cmake -G Ninja -S "$root" -B "$build" \
  -DCMAKE_BUILD_TYPE="${RNNC_BUILD_TYPE:-Release}" -DRNNC_FUZZER="$fuzzer" \
  > /dev/null
"$root/scripts/build.sh" "$build"
cd "$build"
ctest --output-on-failure
