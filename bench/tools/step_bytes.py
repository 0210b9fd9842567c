#!/usr/bin/env python3
"""step_bytes.py CKPT INPUT_WEIGHT: the bytes of weights one step of a
single stream reads per token, from a checkpoint (safetensors): every
parameter once, except the one-hot input's weight INPUT_WEIGHT, of which
the token's row (a [V..., X] weight whose first V rows are the one-hot
part) or column (a [X, V] weight) alone is read. Prints the byte count."""
import json
import struct
import sys

with open(sys.argv[1], "rb") as f:
    size = struct.unpack("<Q", f.read(8))[0]
    header = json.loads(f.read(size))
vocab = json.loads(header["__metadata__"]["rnnc.dims"])["V"]
if sys.argv[2] not in header:
    sys.exit(f"step_bytes.py: {sys.argv[1]} has no parameter {sys.argv[2]}")
total = 0
for name, entry in header.items():
    if name == "__metadata__":
        continue
    shape = entry["shape"]
    count = 1
    for d in shape:
        count *= d
    if name == sys.argv[2]:
        if shape[-1] == vocab:  # [X, V]: one column
            count -= (vocab - 1) * shape[0]
        else:  # [V + ..., X]: one of the first V rows
            count -= (vocab - 1) * shape[-1]
    total += count * 4
print(total)
