#!/usr/bin/env bash
# compile_time.sh - `rnnc compile` wall time of every example (the default
# path: layers on oneDNN, loops kept), and of the scratch RNN on the
# generated path against the number of unrolled steps.
#
#   bench/compile_time.sh [BUILD_DIR]     (default: build)
#
# The language-model examples take the sequence length T from the data at
# run time, so the loop form's compile time cannot depend on it. Unrolling
# by N (--unroll=N) puts N copies of the step in the loop body: the code a
# model with T = N fully unrolled would have. N = 35, 350, 3500 (or
# UNROLLS="..."); each compile is cut off after LIMIT seconds (default 600).
set -euo pipefail
source "$(dirname "$0")/common.sh"
limit=${LIMIT:-600}

seconds() { # seconds COMMAND...: wall time, or "> limit" if cut off
  local start end
  start=$(date +%s.%N)
  if timeout "$limit" "$@" > /dev/null 2>&1; then
    end=$(date +%s.%N)
    python3 -c "print('%.2f' % ($end - $start))"
  else
    echo "> $limit"
  fi
}

echo "| example | compile s |"
echo "|---|---:|"
for f in "$root"/examples/*.rnn; do
  m=$(basename "$f" .rnn)
  echo "| $m | $(seconds "$build/bin/rnnc" compile "$f" -o "$work/$m") |"
done
echo
echo "| rnn_scratch, generated path | compile s |"
echo "|---|---:|"
echo "| loop | $(seconds "$build/bin/rnnc" compile "$root/examples/rnn_scratch.rnn" --layers=generated -o "$work/loop") |"
for n in ${UNROLLS:-35 350 3500}; do
  echo "| --unroll=$n | $(seconds "$build/bin/rnnc" compile "$root/examples/rnn_scratch.rnn" --layers=generated --unroll=$n -o "$work/u$n") |"
done
