#!/usr/bin/env bash
# demo.sh - the main job: build rnnc, then take the bundled d2l scratch RNN
# language model (examples/rnn_scratch.rnn) through the compiler as far as
# it goes today: check, the rnn dialect, the derived train_step, and the
# optimized phase. (Training and generation join when the executables land.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}

"$root/scripts/build.sh" "$build"
model="$root/examples/rnn_scratch.rnn"
rnnc="$build/bin/rnnc"

echo "== rnnc check $model"
"$rnnc" check "$model"
echo "ok: no diagnostics"

echo "== rnnc compile --emit=rnn (the model in the rnn dialect)"
"$rnnc" compile --emit=rnn "$model" -o "$build/rnn_scratch.rnn.mlir"
echo "wrote $build/rnn_scratch.rnn.mlir"

echo "== rnnc compile --compile-to=optimized (train_step derived by BPTT, input"
echo "   projections hoisted, weight gradients batched)"
"$rnnc" compile --compile-to=optimized "$model" -o "$build/rnn_scratch.opt.mlir"
awk '/func.func @train_step/,/^    }$/' "$build/rnn_scratch.opt.mlir" |
  grep -E 'func.func @train_step|rnn.scan|rnn.matmul|rnn.cross_entropy' |
  sed -e 's/ : .*//' -e 's/^ */  /'
echo "wrote $build/rnn_scratch.opt.mlir"
