#!/usr/bin/env bash
# epoch_losses.sh - the numerical fingerprint of a build: every example,
# compiled for each layer path (onednn, generated), trained for one epoch
# with seed 0 on the repository's data; prints the epoch's training and
# held-out loss to full precision. A refactoring that must not change
# numerical results leaves this table identical (diff the output of the
# build before and after).
#
# Usage: bench/epoch_losses.sh [BUILD_DIR]   (default: build)
set -euo pipefail
source "$(dirname "$0")/common.sh"
rnnc=$build/bin/rnnc

# The data each example trains on (empty: the model's built-in data).
data_for() {
  case $1 in
    seq2seq) echo "$root/data/fra-eng.txt" ;;
    hello | embed_rnn | sine_mlp) echo "" ;;
    *) echo "$data" ;;
  esac
}

printf '%-22s %-10s %-20s %s\n' example layers loss val_loss
for model in "$root"/examples/*.rnn; do
  example=$(basename "$model" .rnn)
  for layers in onednn generated; do
    exe=$work/$example-$layers
    "$rnnc" compile "$model" --layers="$layers" -o "$exe"
    data_flag=()
    [ -n "$(data_for "$example")" ] && data_flag=(--data "$(data_for "$example")")
    "$exe" train "${data_flag[@]}" --epochs 1 --seed 0 --quiet \
      --metrics "$work/$example-$layers.jsonl" > /dev/null
    python3 - "$work/$example-$layers.jsonl" "$example" "$layers" <<'EOF'
import json, sys
m = json.loads(open(sys.argv[1]).readline())
print(f"{sys.argv[2]:<22} {sys.argv[3]:<10} {m['loss']!r:<20} {m.get('val_loss', '-')!r}")
EOF
  done
done
