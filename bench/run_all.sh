#!/usr/bin/env bash
# run_all.sh - every benchmark of docs/performance.md, each under
# bench/tools/guard.py (waits for a quiet machine and reports
# the CPU other processes used during the run: GUARD foreign_cpu_pct=X on
# stderr; results with X above ~5 are suspect).
#
#   bench/run_all.sh [BUILD_DIR]     (default: build)
#
# Training tokens/s with 1 and 2 threads (+ GFLOP/s against the FMA
# peak), greedy generation tokens/s, seq2seq target tokens/s, compile time.
# Every speed is a ratio to PyTorch measured in the same run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
guard="/usr/bin/python3 $here/tools/guard.py --max-wait 300 --"

echo "== training, 1 thread";    $guard bash "$here/lm_speed.sh" "$build"
echo "== training, 2 threads";   THREADS=2 $guard bash "$here/lm_speed.sh" "$build"
echo "== greedy generation";     $guard bash "$here/generation_speed.sh" "$build"
echo "== seq2seq, 1 thread";     $guard bash "$here/seq2seq_speed.sh" "$build"
echo "== compile time";          LIMIT=${LIMIT:-600} $guard bash "$here/compile_time.sh" "$build"
