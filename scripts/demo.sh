#!/usr/bin/env bash
# demo.sh - the main job: build rnnc, then take the bundled example model
# through the compiler. (It grows into compile + train + generate as the
# frontend, code generation and runtime land.)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}

"$root/scripts/build.sh" "$build"
example="$root/examples/mlir/rnn_scratch.mlir"

echo "== rnnc check: parse and verify the d2l scratch RNN in the rnn dialect"
"$build/bin/rnnc" check "$example"
echo "ok"
echo "== rnnc compile --emit=rnn"
"$build/bin/rnnc" compile --emit=rnn "$example" -o "$build/rnn_scratch.rnn.mlir"
echo "wrote $build/rnn_scratch.rnn.mlir"
echo "== rnnc-opt: canonicalize and CSE over the model"
"$build/bin/rnnc-opt" --canonicalize --cse "$build/rnn_scratch.rnn.mlir"
