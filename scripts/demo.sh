#!/usr/bin/env bash
# demo.sh - the main job: build rnnc, compile the bundled d2l scratch RNN
# language model (examples/rnn_scratch.rnn) into an executable, train it
# for about a minute on The Time Machine (data/timemachine.txt) with a
# progress bar and per-epoch perplexity, keeping the weights of the epoch
# with the best held-out perplexity (and stopping early once it no longer
# improves), then generate text from that best checkpoint.
#
# Usage: scripts/demo.sh [BUILD_DIR]   (default: build)
# Environment: RNNC_DEMO_EPOCHS (default 40).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}

"$root/scripts/build.sh" "$build"
rnnc="$build/bin/rnnc"
model="$root/examples/rnn_scratch.rnn"
data="$root/data/timemachine.txt"
out="$build/demo"
exe="$out/rnn_scratch"
epochs=${RNNC_DEMO_EPOCHS:-40}
mkdir -p "$out"

echo "== rnnc compile examples/rnn_scratch.rnn -o $exe"
time "$rnnc" compile "$model" -o "$exe"
echo
echo "== $exe train --data data/timemachine.txt --epochs $epochs --patience 5"
"$exe" train --data "$data" --epochs "$epochs" --patience 5 \
  --save "$out/last.safetensors" --save-best "$out/best.safetensors" \
  --metrics "$out/metrics.jsonl" --plot "$out/curves.svg"
echo
echo "== $exe generate --load best.safetensors --prefix \"time traveller\""
"$exe" generate --load "$out/best.safetensors" --prefix "time traveller" \
  --steps 60
echo
echo "The best weights: $out/best.safetensors (the last: last.safetensors);"
echo "per-epoch metrics: metrics.jsonl; curves: curves.svg."
