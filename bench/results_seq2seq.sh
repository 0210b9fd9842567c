#!/usr/bin/env bash
# results_seq2seq.sh - the seq2seq rows of docs/results.md.
#
#   bench/results_seq2seq.sh [BUILD_DIR]     (default: build)
#
# small: examples/seq2seq.rnn as d2l trains it (600 pairs, 300 epochs), then
#   d2l's four test sentences translated greedily and with beam 4, with
#   d2l's BLEU (k = 2) averaged over the four.
# large: the same model with embedding and hidden 256, dropout 0.2, on the
#   first 20,000 pairs of fra-eng.txt with a seeded 10% (2,000 pairs)
#   held out, batch 128, 5 epochs, Adam 0.005; corpus BLEU-4 and d2l BLEU
#   of the held-out pairs, greedy and beam 4. One thread.
# PyTorch's figures for the same set-ups: bench/torch/seq2seq.py
# --config small|large (bench/README.md has the figures).
set -euo pipefail
source "$(dirname "$0")/common.sh"
pairs=$root/data/fra-eng.txt
export OMP_NUM_THREADS=1

"$build/bin/rnnc" compile "$root/examples/seq2seq.rnn" -o "$work/small"
"$work/small" train --data "$pairs" --quiet --save "$work/small.st"
printf "Go.\tVa !\nI lost.\tJ'ai perdu.\nHe's calm.\tIl est calme.\nI'm home.\tJe suis chez moi.\n" > "$work/four.txt"
for beam in 1 4; do
  echo "small, beam $beam:"
  cut -f1 "$work/four.txt" | "$work/small" translate --load "$work/small.st" --beam $beam | sed 's/^/  /'
  "$work/small" eval --load "$work/small.st" --data "$work/four.txt" --beam $beam
done

"$build/bin/rnnc" compile "$root/examples/seq2seq.rnn" -D embed=256 -D hidden=256 \
  -D dropout=0.2 -o "$work/large"
"$work/large" train --data "$pairs" --pairs 20000 --val-split 0.1 --batch 128 \
  --epochs 5 --quiet --save "$work/large.st" --metrics "$work/large.jsonl"
cat "$work/large.jsonl"
for beam in 1 4; do
  echo "large, held-out 2,000 pairs, beam $beam:"
  "$work/large" eval --load "$work/large.st" --data "$pairs" --pairs 20000 \
    --val-split 0.1 --beam $beam
done
