#!/usr/bin/env bash
# thread_scaling.sh [BUILD] - `train --threads N` against one thread, for
# d2l's LSTM language model (hidden 256) at batch 128 and 32 (35 steps,
# the first 60,000 characters of The Time Machine, the second epoch's
# tokens/s), REPEAT alternating runs each (default 5). Each side's figure
# is its best run (this machine is shared: another tenant only ever makes
# a run slower), and the speed-up of the medians is printed beside.
# With a batch of at least 8 rows a thread, the threads train the rows
# (RowThreads.h); the row_threads column says how many did.
# Then batched generation (`generate --samples N --threads`, 128,000
# sampled tokens in all) and translation (`translate --batch 64
# --threads`, greedy and beam 4, 2,000 sentences of fra-eng.txt through
# d2l's seq2seq at hidden 256 after one epoch on 5,000 pairs): whole
# processes' seconds, the best of REPEAT alternating runs each and the
# speed-up of the medians beside, outputs compared between the thread
# counts (they must be the same, bit for bit).
#
#   [THREADS=2] [REPEAT=5] bench/thread_scaling.sh
set -euo pipefail
source "$(dirname "$0")/common.sh"
threads=${THREADS:-2}
repeats=${REPEAT:-5}
head -c 60000 "$data" > "$work/text.txt"
"$build/bin/rnnc" compile "$root/examples/lstm_lm.rnn" "${rnnc_cpu[@]}" -o "$work/lstm"
rate() { # tokens/s and row threads of one run: batch $1, threads $2
  "$work/lstm" train --data "$work/text.txt" --epochs 2 --batch "$1" \
    --steps 35 --seed 3 --threads "$2" --quiet --metrics "$work/m.jsonl" > /dev/null
  tail -1 "$work/m.jsonl" | python3 -c 'import json,sys; d = json.load(sys.stdin); print(round(d["tokens_per_s"]), d.get("row_threads", 1))'
}
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
printf "%-6s %12s %12s %8s %15s %12s\n" batch one_tok/s "${threads}_tok/s" \
  speedup median_speedup row_threads
for batch in 128 32; do
  ones=() manys=() rows=1
  for ((run = 0; run < repeats; ++run)); do
    ones+=("$(rate "$batch" 1 | cut -d' ' -f1)")
    read -r r rows <<< "$(rate "$batch" "$threads")"
    manys+=("$r")
  done
  one=$(most "${ones[@]}") many=$(most "${manys[@]}")
  printf "%-6s %12s %12s %8.2f %15.2f %12s\n" "$batch" "$one" "$many" \
    "$(python3 -c "print($many / $one)")" \
    "$(python3 -c "print($(median "${manys[@]}") / $(median "${ones[@]}"))")" "$rows"
done

# One row: LABEL, then a command taking the thread count, whose output must
# not depend on it; the least whole-process seconds of REPEAT alternating
# runs with 1 and with $threads threads, their ratio and that of the
# medians.
compare_threads() {
  local label=$1 ones=() manys=() one many
  shift
  cmp <("$@" 1) <("$@" "$threads") > /dev/null ||
    { echo "$label: --threads $threads changed the output" >&2; exit 1; }
  for ((run = 0; run < repeats; ++run)); do
    ones+=("$(seconds "$@" 1)")
    manys+=("$(seconds "$@" "$threads")")
  done
  one=$(least "${ones[@]}") many=$(least "${manys[@]}")
  printf "%-24s %10.2f %10.2f %8.2f %15.2f\n" "$label" "$one" "$many" \
    "$(python3 -c "print($one / $many)")" \
    "$(python3 -c "print($(median "${ones[@]}") / $(median "${manys[@]}"))")"
}
OMP_NUM_THREADS=1 "$work/lstm" train --data "$work/text.txt" --epochs 1 --quiet \
  --save "$work/lstm.st" > /dev/null
printf "\n%-24s %10s %10s %8s %15s\n" generation one_s "${threads}_s" speedup \
  median_speedup
for samples in 2 8 32; do
  generate() {
    "$work/lstm" generate --load "$work/lstm.st" --strategy sample \
      --samples "$samples" --steps $((128000 / samples)) --threads "$1"
  }
  compare_threads "--samples $samples" generate
done

"$build/bin/rnnc" compile "$root/examples/seq2seq.rnn" "${rnnc_cpu[@]}" \
  -D embed=256 -D hidden=256 -o "$work/s2s"
OMP_NUM_THREADS=1 "$work/s2s" train --data "$root/data/fra-eng.txt" \
  --pairs 5000 --batch 128 --epochs 1 --quiet --save "$work/s2s.st" > /dev/null
sed -n '20001,22000p' "$root/data/fra-eng.txt" | cut -f1 > "$work/english.txt"
printf "\n%-24s %10s %10s %8s %15s\n" translation one_s "${threads}_s" speedup \
  median_speedup
for decoding in greedy "beam 4"; do
  flags=(--batch 64)
  [[ $decoding == greedy ]] || flags+=(--beam 4)
  translate() {
    "$work/s2s" translate --load "$work/s2s.st" "${flags[@]}" --threads "$1" \
      < "$work/english.txt"
  }
  compare_threads "$decoding, batch 64" translate
done
