#!/usr/bin/env bash
# results_sine.sh - the sine rows of docs/results.md: k-step-ahead MSE
# (k = 1, 4, 16, 64) of examples/sine_mlp.rnn and of the same d2l 8.1 model
# in PyTorch (bench/torch/sine_d2l.py), each beside the naive "repeat the
# last value" predictor, averaged over seeds 0-4 (the noise of the series
# is drawn anew per seed, so single runs differ by more than the models).
#
#   bench/results_sine.sh [BUILD_DIR]     (default: build)
set -euo pipefail
source "$(dirname "$0")/common.sh"
export OMP_NUM_THREADS=1

"$build/bin/rnnc" compile "$root/examples/sine_mlp.rnn" -o "$work/sine"
for seed in 0 1 2 3 4; do
  "$work/sine" train --seed $seed --quiet --save "$work/sine.st" > /dev/null
  "$work/sine" predict --load "$work/sine.st" >> "$work/rnnc.jsonl"
  /usr/bin/python3 "$root/bench/torch/sine_d2l.py" --seed $seed |
    sed -n 's/^RESULT //p' >> "$work/torch.jsonl"
done
python3 - "$work/rnnc.jsonl" "$work/torch.jsonl" <<'PY'
import json, sys
def mean(path):
    rows = [json.loads(l) for l in open(path) if l.strip()]
    return {k: sum(r[k] for r in rows) / len(rows) for k in rows[0]}
ours, theirs = mean(sys.argv[1]), mean(sys.argv[2])
print("| k | rnnc MSE | naive MSE (rnnc's series) | PyTorch MSE | naive MSE (PyTorch's series) |")
print("|---:|---:|---:|---:|---:|")
for k in (1, 4, 16, 64):
    print(f"| {k} | {ours[f'mse_k{k}']:.4f} | {ours[f'naive_mse_k{k}']:.4f} | "
          f"{theirs[f'mse_k{k}']:.4f} | {theirs[f'naive_mse_k{k}']:.4f} |")
PY
