#!/usr/bin/env bash
# sanitized-example.sh - one example on the sanitized runtime: compiled to
# an object by the given rnnc for oneDNN's RNN primitives (--layers=onednn),
# linked with the sanitized build's runtime (its runtime-link.rsp, which
# carries -fsanitize=address,undefined), then `train` (two short epochs,
# with --save-best), `generate` and `gradcheck`; and the same model on
# generated layers (the default: the runtime's GEMM and strided copies
# instead of the primitives): `train` and `gradcheck`, then `train` and
# batched `generate` on two worker threads.
# Any ASan/UBSan report aborts the program and fails this script; ctest
# runs it (test/CMakeLists.txt) with leak detection on.
#
# Usage: scripts/sanitized-example.sh RNNC SANITIZED_BUILD WORK_DIR
set -euo pipefail
rnnc=$1 sanitized=$2 work=$3
root=$(cd "$(dirname "$0")/.." && pwd)

rm -rf "$work"
mkdir -p "$work"
# The LSTM language model, small: the oneDNN layer code of the runtime,
# the GEMMs, data pipeline, optimizer, checkpoints and decoding.
link() { clang++-19 "$1.o" @"$sanitized/runtime-link.rsp" -o "$1"; }
"$rnnc" compile "$root/examples/lstm_lm.rnn" -D hidden=32 --emit=obj \
  --layers=onednn -o "$work/model.o"
"$rnnc" compile "$root/examples/lstm_lm.rnn" -D hidden=32 --emit=obj \
  --layers=generated -o "$work/generated.o"
link "$work/model"
link "$work/generated"
head -c 20000 "$root/data/timemachine.txt" > "$work/text.txt"

set -x
"$work/model" train --data "$work/text.txt" --epochs 2 --batch 8 --steps 10 \
  --save "$work/last.safetensors" --save-best "$work/best.safetensors" \
  --metrics "$work/metrics.jsonl" --quiet
"$work/model" generate --load "$work/best.safetensors" --prefix "time" \
  --steps 20
"$work/model" generate --load "$work/best.safetensors" --prefix "time" \
  --steps 10 --strategy sample --seed 1
"$work/model" gradcheck --entries 4
"$work/generated" train --data "$work/text.txt" --epochs 1 --batch 8 \
  --steps 10 --quiet
"$work/generated" gradcheck --entries 4
# The worker threads (kept for the process) on the sanitized runtime: a
# batch's rows, then batched generation.
"$work/generated" train --data "$work/text.txt" --epochs 1 --batch 16 \
  --steps 10 --threads 2 --save "$work/rows.safetensors" --quiet
"$work/generated" generate --load "$work/rows.safetensors" --prefix "time" \
  --steps 10 --strategy sample --samples 4 --threads 2
