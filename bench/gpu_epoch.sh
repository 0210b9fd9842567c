#!/usr/bin/env bash
# gpu_epoch.sh [BUILD] - a whole epoch of d2l's LSTM language model on The
# Time Machine (hidden 32: lavapipe runs kernels on the CPU), compiled for
# the CPU and for Vulkan from one seed: the training loss, held-out loss
# and perplexity of the epoch on each, their relative differences (the
# suite checks a few batches of every example; this is the whole epoch),
# and each build's tokens/s.
set -euo pipefail
source "$(dirname "$0")/common.sh"
"$build/bin/rnnc" compile "$root/examples/lstm_lm.rnn" -D hidden=32 -o "$work/cpu"
"$build/bin/rnnc" compile "$root/examples/lstm_lm.rnn" -D hidden=32 --target=vulkan -o "$work/vk"
for t in cpu vk; do
  "$work/$t" train --data "$data" --epochs 1 --seed 1 --quiet \
    --metrics "$work/$t.jsonl" > /dev/null
done
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "device: $("$work/vk" info | sed -n 's/^target vulkan, on //p')"
python3 - "$work/cpu.jsonl" "$work/vk.jsonl" <<'PY'
import json, sys
cpu, vk = (json.loads(open(p).read().splitlines()[-1]) for p in sys.argv[1:3])
for key in ("loss", "val_loss", "val_perplexity"):
    print(f"{key}: CPU {cpu[key]:.6f}  Vulkan {vk[key]:.6f}  "
          f"({abs(cpu[key] - vk[key]) / abs(cpu[key]):.1e} relative)")
print(f"tokens/s: CPU {cpu['tokens_per_s']:.0f}  Vulkan {vk['tokens_per_s']:.0f}")
PY
