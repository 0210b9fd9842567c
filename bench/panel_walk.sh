#!/usr/bin/env bash
# panel_walk.sh - the runtime's one-row products on weights of 0.5-3 MB,
# walked first to last at every call and in alternating order
# (bench/tools/panel_walk.cpp), for each vector ISA's kernels this CPU
# runs (AVX-512, AVX2).
#
#   bench/panel_walk.sh [BUILD_DIR]   (default: build)
set -euo pipefail
source "$(dirname "$0")/common.sh"

g++ -O2 -I "$root/runtime/src/kernels" -o "$work/panel_walk" \
  "$root/bench/tools/panel_walk.cpp" "$build/runtime/librnnc_runtime.a"
grep -qw avx512bw /proc/cpuinfo && RNNC_CPU_KERNELS=avx512 "$work/panel_walk"
grep -qw avx2 /proc/cpuinfo && RNNC_CPU_KERNELS=avx2 "$work/panel_walk"
exit 0
