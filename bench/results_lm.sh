#!/usr/bin/env bash
# results_lm.sh - the language-model table of docs/results.md: each d2l
# model trained 30 epochs on The Time Machine (d2l preprocessing, 90/10
# split, batch 32, 35 steps, sequential partitioning, SGD lr 1 (2 for the
# 2-layer LSTM), clip 1, seed 0, one thread), then its validation
# perplexity (`eval`: the held-out 10% as one sequence) and a greedy sample.
#
#   bench/results_lm.sh [BUILD_DIR] [EPOCHS]     (default: build, 30)
#   MODELS="lstm_lm:1 ..." bench/results_lm.sh   (example:lr pairs)
set -euo pipefail
source "$(dirname "$0")/common.sh"
epochs=${2:-30}
export OMP_NUM_THREADS=1 OMP_PROC_BIND=true

echo "| model | train ppl | val ppl | wall s | greedy sample |"
echo "|---|---:|---:|---:|---|"
for pair in ${MODELS:-rnn_scratch:1 rnn_lm:1 gru_lm:1 lstm_lm:1 deep_lstm_lm:2 lnlstm_lm:1 gru_scratch:1 lstm_scratch:1}; do
  m=${pair%%:*}
  lr=${pair##*:}
  "$build/bin/rnnc" compile "$root/examples/$m.rnn" -o "$work/$m"
  start=$(date +%s.%N)
  "$work/$m" train --data "$data" --epochs "$epochs" --lr "$lr" --seed 0 \
    --quiet --save "$work/$m.st" --metrics "$work/$m.jsonl" > /dev/null
  end=$(date +%s.%N)
  train_ppl=$(tail -1 "$work/$m.jsonl" | python3 -c 'import json,sys; print("%.2f" % json.load(sys.stdin)["perplexity"])')
  val_ppl=$("$work/$m" eval --load "$work/$m.st" --data "$data" |
    python3 -c 'import json,sys; print("%.2f" % json.load(sys.stdin)["perplexity"])')
  sample=$("$work/$m" generate --load "$work/$m.st" --prefix "time traveller" --steps 50 | head -1)
  printf "| %s | %s | %s | %.1f | %s |\n" "$m" "$train_ppl" "$val_ppl" \
    "$(python3 -c "print($end - $start)")" "$sample"
done
