#!/usr/bin/env bash
# seq2seq_speed.sh - seq2seq training speed (target tokens/s), rnnc beside
# PyTorch in the same run, one thread each (THREADS=2 for two).
#
#   bench/seq2seq_speed.sh [BUILD_DIR]     (default: build)
#
# The large set-up of bench/torch/seq2seq.py: 2-layer GRU
# encoder-decoder, embedding and hidden 256, dropout 0.2, the first 20,000
# pairs (18,000 trained on), batch 128, 10 steps, Adam; two epochs each,
# the second one timed (PyTorch times epochs after the first).
# rnnc: examples/seq2seq.rnn compiled with those constants, the last epoch's
# tokens_per_s (valid target tokens). PyTorch: seq2seq.py --config large
# --epochs 2, its train_tgt_tokens_per_s.
set -euo pipefail
source "$(dirname "$0")/common.sh"
threads=${THREADS:-1}

"$build/bin/rnnc" compile "$root/examples/seq2seq.rnn" -D embed=256 -D hidden=256 \
  -D dropout=0.2 -o "$work/s2s"
OMP_NUM_THREADS=$threads OMP_PROC_BIND=true "$work/s2s" train \
  --data "$root/data/fra-eng.txt" --pairs 20000 --val-split 0.1 --batch 128 \
  --epochs 2 --quiet --metrics "$work/s2s.jsonl" > /dev/null
ours=$(tail -1 "$work/s2s.jsonl" | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["tokens_per_s"]))')
result=$(torch_result "$threads" seq2seq.py --config large --embed 256 \
  --hidden 256 --dropout 0.2 --batch 128 --epochs 2 --threads "$threads")
theirs=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["train_tgt_tokens_per_s"])' "$result")
printf "%-10s %12s %12s %7s\n" model rnnc_tok/s torch_tok/s ratio
printf "%-10s %12s %12s %7.2f\n" seq2seq "$ours" "$theirs" "$(python3 -c "print($ours/$theirs)")"
