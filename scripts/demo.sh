#!/usr/bin/env bash
# demo.sh - the main job: build rnnc, compile the bundled d2l scratch RNN
# language model (examples/rnn_scratch.rnn) into an executable, train it
# for a minute or two with a progress bar and per-epoch perplexity, and
# generate text from a prefix.
#
# Data: The Time Machine (../shared/data/timemachine.txt) when it is beside
# the checkout, otherwise the GNU GPL 3 text every Debian system has
# (/usr/share/common-licenses/GPL-3).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}

"$root/scripts/build.sh" "$build"
rnnc="$build/bin/rnnc"
model="$root/examples/rnn_scratch.rnn"
exe="$build/demo/rnn_scratch"
mkdir -p "$build/demo"

data="$root/../shared/data/timemachine.txt"
prefix="time traveller"
epochs=${RNNC_DEMO_EPOCHS:-40}
if [[ ! -f $data ]]; then
  data=/usr/share/common-licenses/GPL-3
  prefix="the program"
  epochs=${RNNC_DEMO_EPOCHS:-150}
fi

echo "== rnnc compile $model -o $exe"
time "$rnnc" compile "$model" -o "$exe"
echo
echo "== $exe train --data $data --epochs $epochs"
"$exe" train --data "$data" --epochs "$epochs" \
  --save "$build/demo/rnn_scratch.safetensors" \
  --metrics "$build/demo/metrics.jsonl"
echo
echo "== $exe generate --prefix \"$prefix\""
"$exe" generate --load "$build/demo/rnn_scratch.safetensors" \
  --prefix "$prefix" --steps 50
