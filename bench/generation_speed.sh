#!/usr/bin/env bash
# generation_speed.sh - greedy generation tokens/s of the d2l language
# models, rnnc beside PyTorch in the same run, one thread each.
#
#   bench/generation_speed.sh [BUILD_DIR]     (default: build)
#
# rnnc: a checkpoint after one training epoch, then `./model generate
# --steps 20000` from "time traveller" (whole-process time, so start-up
# and checkpoint loading count against rnnc). PyTorch:
# bench/torch/charlm.py --mode speed, its
# gen_tokens_per_s_nograd (best of 5 runs of d2l's predict_ch8, 500 tokens).
set -euo pipefail
source "$(dirname "$0")/common.sh"

printf "%-14s %12s %12s %7s\n" model rnnc_tok/s torch_tok/s ratio
for pair in $lm_pairs; do
  example=${pair%%:*}
  torch_model=${pair##*:}
  "$build/bin/rnnc" compile "$root/examples/$example.rnn" -o "$work/$example"
  OMP_NUM_THREADS=1 "$work/$example" train --data "$data" --epochs 1 --quiet \
    --save "$work/$example.st" > /dev/null
  start=$(date +%s.%N)
  OMP_NUM_THREADS=1 "$work/$example" generate --load "$work/$example.st" \
    --prefix "time traveller" --steps 20000 > /dev/null
  end=$(date +%s.%N)
  ours=$(python3 -c "print(round(20000 / ($end - $start)))")
  theirs=$(torch_figure "$torch_model" gen_tokens_per_s_nograd 1)
  printf "%-14s %12s %12s %7.2f\n" "$example" "$ours" "$theirs" "$(python3 -c "print($ours/$theirs)")"
done
