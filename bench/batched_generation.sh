#!/usr/bin/env bash
# batched_generation.sh - sampled generation of N continuations of one
# prefix as one batch (`generate --samples N`), tokens/s against N, one
# thread, f32 and bf16 weights.
#
#   bench/batched_generation.sh [BUILD_DIR]     (default: build)
#
# lstm_lm at d2l's size after one training epoch; N x S tokens with
# S = 64,000 / N; the steady rate is N (S - 1) / (the time of S tokens -
# the time of 1), whole processes, so start-up and loading are excluded.
set -euo pipefail
source "$(dirname "$0")/common.sh"

"$build/bin/rnnc" compile "$root/examples/lstm_lm.rnn" -o "$work/lstm_lm"
OMP_NUM_THREADS=1 "$work/lstm_lm" train --data "$data" --epochs 1 --quiet \
  --save "$work/lstm_lm.st" > /dev/null

printf "%6s %8s %12s %12s\n" N steps f32_tok/s bf16_tok/s
for n in 1 8 32 128; do
  steps=$((64000 / n))
  line="$n $steps"
  for weights in f32 bf16; do
    generate() {
      OMP_NUM_THREADS=1 "$work/lstm_lm" generate --load "$work/lstm_lm.st" \
        --strategy sample --samples "$n" --steps "$1" --weights "$weights"
    }
    one=$(seconds generate 1)
    many=$(seconds generate "$steps")
    line="$line $(python3 -c "print(round($n * ($steps - 1) / ($many - $one)))")"
  done
  printf "%6s %8s %12s %12s\n" $line
done
