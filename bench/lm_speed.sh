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
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
threads=${THREADS:-1}
shared=$root/../shared
data=$shared/data/timemachine.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

printf "%-14s %12s %12s %7s\n" model rnnc_tok/s torch_tok/s ratio
for pair in rnn_scratch:scratch512 rnn_lm:rnn512 gru_lm:gru256 lstm_lm:lstm256 deep_lstm_lm:lstm2x256; do
  example=${pair%%:*}
  torch_model=${pair##*:}
  "$build/bin/rnnc" compile "$root/examples/$example.rnn" -o "$work/$example"
  OMP_NUM_THREADS=$threads OMP_PROC_BIND=true "$work/$example" train \
    --data "$data" --epochs 2 --quiet --metrics "$work/$example.jsonl" > /dev/null
  ours=$(tail -1 "$work/$example.jsonl" | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["tokens_per_s"]))')
  theirs=$(cd "$shared/bench-reference" && OPENBLAS_CORETYPE=SkylakeX OMP_NUM_THREADS=$threads \
    /usr/bin/python3 charlm.py --model "$torch_model" --threads "$threads" --mode speed 2>/dev/null |
    sed -n 's/^RESULT //p' | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["train_tokens_per_s"]))')
  printf "%-14s %12s %12s %7.2f\n" "$example" "$ours" "$theirs" "$(python3 -c "print($ours/$theirs)")"
done
