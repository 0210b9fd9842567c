#!/usr/bin/env python3
"""compare-checkpoints.py A B [TOLERANCE]: the largest relative difference
per tensor between two safetensors checkpoints of the same model,
||a - b|| / ||a|| over each tensor; prints one line per tensor and the
maximum, and exits 1 when a tensor differs by more than TOLERANCE (default
1e-5) or the two files do not hold the same tensors."""
import json
import math
import struct
import sys


def tensors(path):
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        data = f.read()
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] != "F32":
            sys.exit(f"{path}: {name} is {entry['dtype']}, expected F32")
        begin, end = entry["data_offsets"]
        out[name] = struct.unpack(f"<{(end - begin) // 4}f", data[begin:end])
    return out


a, b = tensors(sys.argv[1]), tensors(sys.argv[2])
tolerance = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-5
if sorted(a) != sorted(b):
    sys.exit(f"different tensors: {sorted(a)} and {sorted(b)}")
worst = 0.0
for name in sorted(a):
    diff = math.sqrt(sum((x - y) ** 2 for x, y in zip(a[name], b[name])))
    norm = math.sqrt(sum(x * x for x in a[name])) or 1.0
    worst = max(worst, diff / norm)
    print(f"{name} {diff / norm:.3e}")
print(f"max relative difference {worst:.3e} (tolerance {tolerance:g})")
sys.exit(0 if worst <= tolerance else 1)
