#!/usr/bin/env bash
# thread_scaling.sh [BUILD] - `train --threads N` against one thread, for
# d2l's LSTM language model (hidden 256) at batch 128 and 32 (35 steps,
# the first 60,000 characters of The Time Machine, the second epoch's
# tokens/s), alternating runs, the median of REPEAT (default 3) each.
# With a batch of at least 8 rows a thread, the threads train the rows
# (RowThreads.h); the row_threads column says how many did.
#
#   [THREADS=2] [REPEAT=3] bench/thread_scaling.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
threads=${THREADS:-2}
repeats=${REPEAT:-3}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
head -c 60000 "$data" > "$work/text.txt"
"$build/bin/rnnc" compile "$root/examples/lstm_lm.rnn" "${rnnc_cpu[@]}" -o "$work/lstm"
rate() { # tokens/s and row threads of one run: batch $1, threads $2
  "$work/lstm" train --data "$work/text.txt" --epochs 2 --batch "$1" \
    --steps 35 --seed 3 --threads "$2" --quiet --metrics "$work/m.jsonl" > /dev/null
  tail -1 "$work/m.jsonl" | python3 -c 'import json,sys; d = json.load(sys.stdin); print(round(d["tokens_per_s"]), d.get("row_threads", 1))'
}
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
printf "%-6s %12s %12s %8s %12s\n" batch one_tok/s "${threads}_tok/s" speedup row_threads
for batch in 128 32; do
  ones=() manys=() rows=1
  for ((run = 0; run < repeats; ++run)); do
    ones+=("$(rate "$batch" 1 | cut -d' ' -f1)")
    read -r r rows <<< "$(rate "$batch" "$threads")"
    manys+=("$r")
  done
  one=$(median "${ones[@]}") many=$(median "${manys[@]}")
  printf "%-6s %12s %12s %8.2f %12s\n" "$batch" "$one" "$many" \
    "$(python3 -c "print($many / $one)")" "$rows"
done
