#!/usr/bin/env bash
# install-deps.sh - install the Debian packages rnnc builds and tests with.
#
# Idempotent: it asks dpkg which packages are missing and installs only those,
# so a machine that already has everything spends well under a second here.
# ocl-icd-opencl-dev is only a Recommends of libdnnl-dev, but dnnl-config.cmake
# needs it (Debian builds oneDNN with the OpenCL GPU runtime).
# The GPU target's tests run on Mesa's software Vulkan device, lavapipe
# (mesa-vulkan-drivers), through the Vulkan loader (libvulkan-dev brings it
# and the headers); spirv-tools validates the generated kernels.
# python3-torch: the suite checks that PyTorch reads rnnc's checkpoints and
# computes the same losses (test/Integration/torch-parity.test).
# Runs apt-get as root, or through sudo when that is available.
#
# Usage: scripts/install-deps.sh [PACKAGE...]   (PACKAGEs: wanted besides,
# as the benchmarks want libopenblas0-openmp for PyTorch's side)
set -euo pipefail

packages=(
  cmake ninja-build g++ python3
  llvm-19-dev llvm-19-tools libmlir-19-dev mlir-19-tools clang-19 libclang-rt-19-dev
  libdnnl-dev ocl-icd-opencl-dev libfmt-dev libgtest-dev libcli11-dev nlohmann-json3-dev
  libopenmpi-dev openmpi-bin
  mesa-vulkan-drivers libvulkan-dev vulkan-tools spirv-tools
  python3-torch
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "install-deps: missing packages (${missing[*]}) and not root; install them and retry" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
