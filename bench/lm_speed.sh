#!/usr/bin/env bash
# lm_speed.sh - training tokens/s of the d2l language models, rnnc beside
# PyTorch in the same run, one thread each (THREADS=2 for two).
#
#   bench/lm_speed.sh [BUILD_DIR]     (default: build)
#
# rnnc: `./model train` on The Time Machine (d2l preprocessing, batch 32,
# 35 steps, sequential partitioning, SGD, clip 1), two epochs; the second
# epoch's tokens/s. PyTorch: ../shared/bench-reference/charlm.py --mode
# speed (60 batches after 10 warm-up ones), Debian's python3-torch with
# OpenBLAS (OPENBLAS_CORETYPE=SkylakeX). Prints one row per model and the
# ratio; the machine is shared, so only ratios from one run compare.
set -euo pipefail
source "$(dirname "$0")/common.sh"
threads=${THREADS:-1}

printf "%-14s %12s %12s %7s\n" model rnnc_tok/s torch_tok/s ratio
for pair in $lm_pairs; do
  example=${pair%%:*}
  torch_model=${pair##*:}
  "$build/bin/rnnc" compile "$root/examples/$example.rnn" -o "$work/$example"
  OMP_NUM_THREADS=$threads OMP_PROC_BIND=true "$work/$example" train \
    --data "$data" --epochs 2 --quiet --metrics "$work/$example.jsonl" > /dev/null
  ours=$(tail -1 "$work/$example.jsonl" | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["tokens_per_s"]))')
  theirs=$(torch_figure "$torch_model" train_tokens_per_s $threads)
  printf "%-14s %12s %12s %7.2f\n" "$example" "$ours" "$theirs" "$(python3 -c "print($ours/$theirs)")"
done
