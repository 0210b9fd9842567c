#!/usr/bin/env bash
# build.sh - install missing Debian packages, configure (once) and build rnnc.
#
# Usage: scripts/build.sh [BUILD_DIR]   (default: build)
# Environment: RNNC_BUILD_TYPE (default Release), RNNC_JOBS (ninja -j).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}

"$root/scripts/install-deps.sh"

if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" \
    -DCMAKE_BUILD_TYPE="${RNNC_BUILD_TYPE:-Release}"
fi
ninja -C "$build" ${RNNC_JOBS:+-j "$RNNC_JOBS"}
