#!/usr/bin/env bash
# test.sh - build rnnc and run the whole test suite (lit + GoogleTest, via
# ctest). This is the README's test command and what CI runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}

"$root/scripts/build.sh" "$build"
cd "$build"
ctest --output-on-failure
