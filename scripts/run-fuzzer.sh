#!/usr/bin/env bash
# run-fuzzer.sh - run a libFuzzer binary for a bounded time on a fresh copy
# of the seed corpus; exits non-zero (and names the crashing input) if the
# fuzzer finds a crash, a sanitizer error, a leak or a timeout.
#
# Usage: scripts/run-fuzzer.sh FUZZER SECONDS WORK_DIR SEED_DIR...
set -euo pipefail
fuzzer=$1 seconds=$2 work=$3
shift 3

rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
for seeds in "$@"; do
  find "$seeds" -type f \( -name '*.rnn' -o -name '*.test' \) \
    -exec cp {} "$work/corpus/" \;
done
echo "fuzzing for ${seconds}s from $(ls "$work/corpus" | wc -l) seeds"
if ! "$fuzzer" "$work/corpus" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=4096 -max_len=4096 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/" 2>"$work/fuzz.log"; then
  tail -40 "$work/fuzz.log"
  echo "the fuzzer found a failing input: $(ls "$work/artifacts")" >&2
  exit 1
fi
grep -E 'stat::number_of_executed_units|stat::new_units_added' "$work/fuzz.log" || true
echo "no crash"
