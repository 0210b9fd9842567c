#!/usr/bin/env bash
# lm_speed.sh - training tokens/s of the d2l language models, rnnc beside
# PyTorch in the same run, one thread each (THREADS=2 for two).
#
#   [MODELS="lstm_lm ..."] [REPEAT=N] [THREADS=N] [LAYERS=onednn] [ISA=avx2]
#   bench/lm_speed.sh [BUILD_DIR]
#
# rnnc: `./model train` on The Time Machine (d2l preprocessing, batch 32,
# 35 steps, sequential partitioning, SGD, clip 1), two epochs; the second
# epoch's tokens/s. PyTorch: bench/torch/charlm.py --mode
# speed (60 batches after 10 warm-up ones), Debian's python3-torch with
# OpenBLAS (OPENBLAS_CORETYPE=SkylakeX where the CPU has AVX-512). Prints one row per model: the
# medians of REPEAT alternating runs of each side (default 3; every run's
# figures go to stderr) and their ratio. The machine is shared, so only
# ratios from one invocation compare.
set -euo pipefail
source "$(dirname "$0")/common.sh"
threads=${THREADS:-1}
# REPEAT=N alternates N runs of each side and reports the medians (the
# machine is shared: one run of either side moved by up to 40%).
repeats=${REPEAT:-3}

# Achieved GFLOP/s: training FLOPs per token (3 x the forward GEMMs, one-hot
# input counted as a dense GEMM; bench/README.md) times
# tokens/s, against the FMA peak measured now (peakfma.c, same threads).
# The layer-norm LSTM's and the sLSTM's GEMMs are the LSTM 256's ([V + H,
# 4H] and the read-out), so their figure is the same.
declare -A mflops=([rnn_scratch]=1.745 [rnn_lm]=1.745 [gru_lm]=1.352
                   [lstm_lm]=1.788 [deep_lstm_lm]=4.934 [lnlstm_lm]=1.788
                   [slstm_lm]=1.788)
cc -O2 -fopenmp -o "$work/peakfma" "$root/bench/tools/peakfma.c"
peak=$(OMP_NUM_THREADS=$threads OMP_PROC_BIND=true "$work/peakfma" | grep -oE '[0-9]+(\.[0-9]+)? GFLOP/s' | head -1 | cut -d' ' -f1)
echo "FMA peak, $threads thread(s): $peak GFLOP/s"

printf "%-14s %12s %12s %7s %9s %7s\n" model rnnc_tok/s torch_tok/s ratio GFLOP/s %peak
for pair in $lm_pairs; do
  # MODELS="lstm_lm ..." measures those examples only.
  [ -n "${MODELS:-}" ] && [[ " $MODELS " != *" ${pair%%:*} "* ]] && continue
  example=${pair%%:*}
  torch_model=${pair##*:}
  # LAYERS=onednn runs the named layers on oneDNN's RNN primitives rather
  # than as generated code, the default (rnnc compile --layers).
  "$build/bin/rnnc" compile "$root/examples/$example.rnn" "${rnnc_cpu[@]}" \
    --layers="${LAYERS:-generated}" -o "$work/$example"
  ours_runs=() theirs_runs=()
  for ((run = 0; run < repeats; ++run)); do
    OMP_NUM_THREADS=$threads OMP_PROC_BIND=true "$work/$example" train \
      --data "$data" --epochs 2 --quiet --metrics "$work/$example.jsonl" > /dev/null
    ours_runs+=("$(tail -1 "$work/$example.jsonl" | python3 -c 'import json,sys; print(round(json.load(sys.stdin)["tokens_per_s"]))')")
    theirs_runs+=("$(torch_figure "$torch_model" train_tokens_per_s $threads)")
  done
  ours=$(median "${ours_runs[@]}")
  theirs=$(median "${theirs_runs[@]}")
  [ "$repeats" -gt 1 ] && echo "  $example runs: rnnc ${ours_runs[*]}; torch ${theirs_runs[*]}" >&2
  gflops=$(python3 -c "print('%.1f' % (${mflops[$example]} * $ours / 1e3))")
  printf "%-14s %12s %12s %7.2f %9s %7s\n" "$example" "$ours" "$theirs" \
    "$(python3 -c "print($ours/$theirs)")" "$gflops" \
    "$(python3 -c "print('%.0f' % (100 * $gflops / $peak))")"
done
