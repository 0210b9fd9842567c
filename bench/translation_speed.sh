#!/usr/bin/env bash
# translation_speed.sh - sentences/s of `translate`, one sentence at a time
# against batches, greedy and beam, through the decoder step (the default)
# and the whole forward per token (--decoder forward, the reference),
# beside PyTorch's d2l predict_seq2seq loop in the same run, one thread
# each.
#
#   bench/translation_speed.sh [BUILD_DIR]     (default: build)
#
# The large set-up of bench/torch/seq2seq.py (2-layer GRU encoder-decoder,
# embedding and hidden 256, 20,000 pairs, 10 steps), one training epoch.
# rnnc translates 2,000 English sentences of data/fra-eng.txt (lines
# 20,001-22,000: not trained on) with --batch 1 and --batch 64, greedy and
# --beam 4, each also with --decoder forward; whole processes (start-up
# and loading included, about 0.1 s).
# PyTorch: seq2seq.py --config large --epochs 1, decode_sentences_per_s
# (greedy predict_seq2seq over its 2,000 held-out sentences).
set -euo pipefail
source "$(dirname "$0")/common.sh"

"$build/bin/rnnc" compile "$root/examples/seq2seq.rnn" -D embed=256 \
  -D hidden=256 -D dropout=0.2 -o "$work/s2s"
OMP_NUM_THREADS=1 "$work/s2s" train --data "$root/data/fra-eng.txt" \
  --pairs 20000 --batch 128 --epochs 1 --quiet --save "$work/s2s.st" > /dev/null
sed -n '20001,22000p' "$root/data/fra-eng.txt" | cut -f1 > "$work/english.txt"

translate() { # the 2,000 sentences, with the flags given
  OMP_NUM_THREADS=1 "$work/s2s" translate --load "$work/s2s.st" "$@" \
    < "$work/english.txt"
}
rate() { # sentences/s of translate with the flags given
  python3 -c "print(round(2000 / $(seconds translate "$@"), 1))"
}
greedy1=$(rate --batch 1)
greedy64=$(rate --batch 64)
beam1=$(rate --beam 4 --batch 1)
beam64=$(rate --beam 4 --batch 64)
forward1=$(rate --decoder forward --batch 1)
forward64=$(rate --decoder forward --batch 64)
forwardBeam1=$(rate --decoder forward --beam 4 --batch 1)
forwardBeam64=$(rate --decoder forward --beam 4 --batch 64)
result=$(torch_result 1 seq2seq.py --config large --embed 256 --hidden 256 \
  --dropout 0.2 --batch 128 --epochs 1 --threads 1)
theirs=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["decode_sentences_per_s"])' "$result")
printf "%-34s %12s\n" decoder sentences/s
printf "%-34s %12s\n" \
  "rnnc greedy, step, batch 1" "$greedy1" \
  "rnnc greedy, step, batch 64" "$greedy64" \
  "rnnc greedy, forward, batch 1" "$forward1" \
  "rnnc greedy, forward, batch 64" "$forward64" \
  "rnnc beam 4, step, batch 1" "$beam1" \
  "rnnc beam 4, step, batch 64" "$beam64" \
  "rnnc beam 4, forward, batch 1" "$forwardBeam1" \
  "rnnc beam 4, forward, batch 64" "$forwardBeam64" \
  "PyTorch greedy, d2l" "$theirs"
