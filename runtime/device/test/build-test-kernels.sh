#!/usr/bin/env bash
# build-test-kernels.sh MLIR_BIN_DIR INPUT.mlir OUTPUT.spv - the device
# runtime tests' gpu-dialect kernels to SPIR-V with upstream MLIR's tools
# (a model's kernels are generated and serialised by rnnc itself).
set -euo pipefail
bin=$1; input=$2; output=$3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$bin/mlir-opt" "$input" --convert-gpu-to-spirv -o "$tmp/gpu.mlir"
"$bin/mlir-opt" "$tmp/gpu.mlir" \
  --pass-pipeline='builtin.module(spirv.module(spirv-lower-abi-attrs,spirv-update-vce))' \
  -o "$tmp/spirv.mlir"
awk '/spirv.module/{f=1} f{print} f&&/^  }$/{exit}' "$tmp/spirv.mlir" > "$tmp/module.mlir"
"$bin/mlir-translate" --no-implicit-module --serialize-spirv "$tmp/module.mlir" -o "$output"
