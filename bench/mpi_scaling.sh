#!/usr/bin/env bash
# mpi_scaling.sh - data-parallel training on this machine's cores: tokens/s
# of `mpirun -np 2 ./model train --threads 1` against one process with
# --threads 1 and with --threads 2, same global batch, for the LSTM 256
# language model (examples/lstm_lm.rnn) on The Time Machine, at d2l's batch
# (32) and at 128; and what each step's gradient all-reduce sends and
# costs (the metrics' allreduce_bytes_per_step and allreduce_ms_per_step).
#
#   [BATCHES="32 128"] [EPOCHS=2] [REPEAT=3] bench/mpi_scaling.sh [BUILD_DIR]
#
# Each figure is the last epoch's tokens/s, the median of REPEAT runs of
# each configuration, the configurations alternating (the machine is
# shared: only ratios from one invocation compare). Ranks are bound to
# cores (`--bind-to core`) so that two ranks of one thread each do not
# share a core. docs/distributed.md has the figures and the cost model.
set -euo pipefail
source "$(dirname "$0")/common.sh"
epochs=${EPOCHS:-2}
repeats=${REPEAT:-3}
batches=${BATCHES:-"32 128"}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
field() { tail -n 1 "$1" | python3 -c "import json,sys; print(json.load(sys.stdin).get('$2', 0))"; }

"$build/bin/rnnc" compile "$root/examples/lstm_lm.rnn" -o "$work/lstm_lm"
run() { # $1 configuration, $2 batch, $3 metrics file
  local common=(train --data "$data" --epochs "$epochs" --batch "$2" --quiet --metrics "$3")
  case $1 in
    one1) "$work/lstm_lm" "${common[@]}" --threads 1 ;;
    one2) "$work/lstm_lm" "${common[@]}" --threads 2 ;;
    two1) mpirun -np 2 --bind-to core "$work/lstm_lm" "${common[@]}" --threads 1 ;;
  esac > /dev/null
}

printf '%-6s %-12s %-12s %-12s %-9s %-9s %-14s %s\n' batch 1proc_1thr 1proc_2thr \
  2ranks_1thr vs_1thr vs_2thr allreduce_B/step allreduce_ms/step
for batch in $batches; do
  declare -A speeds=([one1]="" [one2]="" [two1]="")
  bytes=0 ms=()
  for ((r = 0; r < repeats; r++)); do
    for config in one1 one2 two1; do
      run "$config" "$batch" "$work/m.jsonl"
      speeds[$config]+="$(field "$work/m.jsonl" tokens_per_s) "
      if [ "$config" = two1 ]; then
        bytes=$(field "$work/m.jsonl" allreduce_bytes_per_step)
        ms+=("$(field "$work/m.jsonl" allreduce_ms_per_step)")
      fi
    done
  done
  # shellcheck disable=SC2086
  one1=$(median ${speeds[one1]}) one2=$(median ${speeds[one2]}) two1=$(median ${speeds[two1]})
  echo "  batch $batch runs: 1proc_1thr ${speeds[one1]}; 1proc_2thr ${speeds[one2]}; 2ranks ${speeds[two1]}; allreduce ms ${ms[*]}" >&2
  printf '%-6s %-12.0f %-12.0f %-12.0f %-9.2f %-9.2f %-14.0f %.3f\n' "$batch" \
    "$one1" "$one2" "$two1" "$(python3 -c "print($two1 / $one1)")" \
    "$(python3 -c "print($two1 / $one2)")" "$bytes" "$(median "${ms[@]}")"
done
