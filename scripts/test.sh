#!/usr/bin/env bash
# test.sh - build rnnc and run the whole test suite under ctest: lit,
# GoogleTest, the docs check, and what the sanitized build (clang-19, ASan
# and UBSan, made first in build-sanitize) runs: a bounded run of the
# frontend fuzzer, the runtime's unit tests, and a compiled example's
# train, generate and gradcheck on the sanitized runtime. This is the
# README's test command and what CI runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}

sanitized=$("$root/scripts/sanitized-build.sh" "$root/build-sanitize")
"$root/scripts/install-deps.sh"
cmake -G Ninja -S "$root" -B "$build" \
  -DCMAKE_BUILD_TYPE="${RNNC_BUILD_TYPE:-Release}" \
  -DRNNC_SANITIZED_BUILD="$sanitized" > /dev/null
"$root/scripts/build.sh" "$build"
cd "$build"
# The GPU tests run on the lavapipe install-deps.sh installed: a missing
# device fails them (test/lit.cfg.py, DeviceTestSupport.h).
RNNC_REQUIRE_VULKAN=1 ctest --output-on-failure
