#!/usr/bin/env bash
# gpu_memory.sh [BUILD] - the Vulkan target's device memory against the CPU
# build's peak heap, and lavapipe's throughput (a figure for reference, not
# a goal: lavapipe runs kernels on the CPU), for d2l's LSTM language model
# (hidden 256, batch 32, 35 steps) on the first 12,000 characters of The
# Time Machine, one epoch each. The CPU build's heap is measured with
# tools/heappeak.c (LD_PRELOAD: the peak of live malloc'd bytes of the whole
# process); the Vulkan build's device memory by the device runtime
# (RNNC_GPU_STATS=1: the peak of its device buffers).
set -euo pipefail
source "$(dirname "$0")/common.sh"
cc -O2 -shared -fPIC -o "$work/heappeak.so" "$root/bench/tools/heappeak.c" -ldl
head -c 12000 "$data" > "$work/text.txt"
"$build/bin/rnnc" compile "$root/examples/lstm_lm.rnn" -o "$work/cpu"
"$build/bin/rnnc" compile "$root/examples/lstm_lm.rnn" --target=vulkan -o "$work/vk"
flags=(train --data "$work/text.txt" --epochs 1 --batch 32 --steps 35 --metrics)
LD_PRELOAD="$work/heappeak.so" "$work/cpu" "${flags[@]}" "$work/cpu.jsonl" \
  > /dev/null 2> "$work/cpu.err"
RNNC_GPU_STATS=1 "$work/vk" "${flags[@]}" "$work/vk.jsonl" \
  > /dev/null 2> "$work/vk.err"
cpu=$(sed -n 's/^heap peak: \([0-9]*\) bytes/\1/p' "$work/cpu.err")
device=$(sed -n 's/^device memory: peak \([0-9.]*\) MiB.*/\1/p' "$work/vk.err")
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "device: $("$work/vk" info | sed -n 's/^target vulkan, on //p')"
python3 - "$cpu" "$device" "$work/cpu.jsonl" "$work/vk.jsonl" <<'PY'
import json, sys
cpu, device = int(sys.argv[1]) / 2**20, float(sys.argv[2])
speed = [json.loads(open(p).read().splitlines()[-1])["tokens_per_s"] for p in sys.argv[3:5]]
print(f"memory: CPU build heap peak {cpu:.1f} MiB, Vulkan build device peak {device:.1f} MiB ({device / cpu:.2f}x)")
print(f"training: CPU build {speed[0]:.0f} tokens/s, Vulkan build on this device {speed[1]:.0f} tokens/s")
PY
