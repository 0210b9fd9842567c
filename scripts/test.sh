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
# What install-deps.sh installed, the tests must find: a lit feature among
# these that is missing stops the suite instead of skipping its tests
# (test/lit.cfg.py), and the device GoogleTests fail without a Vulkan
# device (DeviceTestSupport.h). Where CMake found a CUDA toolkit (not an
# apt package: /usr/local/cuda on the build machines), the CUDA target's
# tests are required too; on a fresh Debian machine they do not apply, and
# test/Driver/no-cuda.test checks --target=cuda's error instead.
features="mpi torch vulkan"
# The runtime's AVX2 kernels and GEMM are tested wherever the CPU runs
# them (test/Integration/blocked-sgemm.test); a CPU without is the only
# place their tests may be skipped.
if grep -qw avx2 /proc/cpuinfo && grep -qw fma /proc/cpuinfo; then
  features="$features avx2"
fi
if grep -q '^RNNC_CUDA_TOOLKIT:PATH=..*' CMakeCache.txt; then
  features="$features cuda"
fi
RNNC_REQUIRE_FEATURES="$features" ctest --output-on-failure
