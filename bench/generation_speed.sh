#!/usr/bin/env bash
# generation_speed.sh - greedy generation tokens/s of the d2l language
# models, rnnc beside PyTorch in the same run, one thread each, and each
# model's distance to its memory roofline.
#
#   [MODELS="lstm_lm ..."] [ISA=avx2] bench/generation_speed.sh [BUILD_DIR]
#   (default: build; MODELS: those examples only)
#
# rnnc: a checkpoint after one training epoch, then `./model generate`
# from "time traveller", 20,000 tokens and 1 token; the steady rate is
# 19,999 / (the difference of the two whole-process times), start-up and
# checkpoint loading excluded, the best of five such pairs (taken in turn
# with the bf16 pair and the bandwidth probe, below). PyTorch:
# bench/torch/charlm.py --mode speed, its gen_tokens_per_s_nograd (best
# of 5 runs of d2l's predict_ch8, 500 tokens).
#
# bf16: the same with `generate --weights bf16` (recurrent and output
# weights in bfloat16), its speed-up over f32, and the held-out perplexity
# of both scored through the step (`eval --weights f32|bf16`).
#
# Roofline: one token of one stream reads every weight once, the one-hot
# input's weight but one row or column (bench/tools/step_bytes.py); a
# read of that many bytes, over and over, runs at the bandwidth
# bench/tools/readbandwidth.c measures for that size in the same five
# rounds (the best of them). Roofline tok/s
# = bandwidth / bytes per token; the last column is rnnc's share of it.
set -euo pipefail
source "$(dirname "$0")/common.sh"

gcc -O2 -o "$work/readbandwidth" "$root/bench/tools/readbandwidth.c"

# The weight whose one-hot input selects one row or column per token.
input_weight() {
  case $1 in
    rnn_scratch) echo W_xh ;;
    lnlstm_lm) echo ln_lstm.W ;;
    slstm_lm) echo slstm.W ;;
    *) echo rnn.weight_ih_l0 ;;
  esac
}

printf "%-14s %11s %11s %6s %9s %7s %11s %8s %11s %7s %9s %9s %8s\n" model \
  rnnc_tok/s torch_tok/s ratio KB/token GB/s roof_tok/s of_roof bf16_tok/s \
  speedup ppl_f32 ppl_bf16 change
for pair in $lm_pairs; do
  [ -n "${MODELS:-}" ] && [[ " $MODELS " != *" ${pair%%:*} "* ]] && continue
  example=${pair%%:*}
  torch_model=${pair##*:}
  "$build/bin/rnnc" compile "$root/examples/$example.rnn" "${rnnc_cpu[@]}" -o "$work/$example"
  OMP_NUM_THREADS=1 "$work/$example" train --data "$data" --epochs 1 --quiet \
    --save "$work/$example.st" > /dev/null
  generate() {
    OMP_NUM_THREADS=1 "$work/$example" generate --load "$work/$example.st" \
      --prefix "time traveller" --steps "$1" --weights "$2"
  }
  pair_rate() { # steady tokens/s with weights $1, from one pair of runs
    local one many
    one=$(seconds generate 1 "$1")
    many=$(seconds generate 20000 "$1")
    python3 -c "print(round(19999 / ($many - $one)))"
  }
  # The best of five rounds, each an f32 pair, a bf16 pair and the probe
  # in turn: this host's speed moves from minute to minute, and the
  # ratios below then compare figures taken in the same minutes.
  rates() { # f32 tok/s, bf16 tok/s, probe GB/s for $1 bytes a token
    local f32=0 bf16=0 gbs=0 r
    for _ in 1 2 3 4 5; do
      r=$(pair_rate f32)
      f32=$((r > f32 ? r : f32))
      r=$(pair_rate bf16)
      bf16=$((r > bf16 ? r : bf16))
      r=$("$work/readbandwidth" $(($1 / 1024)))
      gbs=$(python3 -c "print(max($gbs, $r))")
    done
    echo "$f32 $bf16 $gbs"
  }
  perplexity() { # held-out perplexity through the step, weights $1
    OMP_NUM_THREADS=1 "$work/$example" eval --load "$work/$example.st" \
      --data "$data" --weights "$1" |
      python3 -c "import json, sys; print(json.load(sys.stdin)['perplexity'])"
  }
  bytes=$(python3 "$root/bench/tools/step_bytes.py" "$work/$example.st" \
    "$(input_weight "$example")")
  read -r ours half bandwidth <<<"$(rates "$bytes")"
  ppl32=$(perplexity f32)
  ppl16=$(perplexity bf16)
  theirs=$(torch_figure "$torch_model" gen_tokens_per_s_nograd 1)
  python3 - "$example" "$ours" "$theirs" "$bytes" "$bandwidth" "$half" \
    "$ppl32" "$ppl16" <<'PY'
import sys
name = sys.argv[1]
ours, theirs, size, gbs, half, ppl32, ppl16 = map(float, sys.argv[2:])
roof = gbs * 1e9 / size
print(f"{name:<14} {ours:11.0f} {theirs:11.0f} {ours / theirs:6.2f} {size / 1024:9.0f} "
      f"{gbs:7.1f} {roof:11.0f} {ours / roof:8.2f} {half:11.0f} {half / ours:7.2f} "
      f"{ppl32:9.4f} {ppl16:9.4f} {100 * (ppl16 / ppl32 - 1):+7.3f}%")
PY
done
