#!/usr/bin/env python3
"""add-tensor.py IN OUT NAME: copies the safetensors checkpoint IN to OUT
with one more tensor, NAME (f32, one element), its metadata kept."""
import json
import struct
import sys

source, target, name = sys.argv[1:4]
with open(source, "rb") as f:
    data = f.read()
(n,) = struct.unpack("<Q", data[:8])
header = json.loads(data[8 : 8 + n])
body = data[8 + n :]
header[name] = {"dtype": "F32", "shape": [1], "data_offsets": [len(body), len(body) + 4]}
body += struct.pack("<f", 1.0)
text = json.dumps(header).encode()
text += b" " * (-len(text) % 8)
with open(target, "wb") as f:
    f.write(struct.pack("<Q", len(text)) + text + body)
