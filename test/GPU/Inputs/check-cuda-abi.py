#!/usr/bin/env python3
"""check-cuda-abi.py KERNELS_IR PTX: the CUDA device's launch ABI
(runtime/device/src/CudaDevice.cpp) against what the kernels declare.
KERNELS_IR is `rnnc compile --target=cuda --compile-to=kernels` output
(its gpu.binary carries the kernel table the host embeds), PTX the same
model's `--emit=ptx` text. For every kernel of the table: the PTX entry
exists, takes five 64-bit parameters per buffer and five for the
parameter words (the memref descriptors the device passes: allocated and
aligned pointer, offset, size, stride), and its .maxntid is the table's
workgroup size (the block the device launches). Prints one line per
kernel; exits 1 at the first mismatch."""
import re
import sys

ir = open(sys.argv[1]).read()
ptx = open(sys.argv[2]).read()
table = re.search(r'rnn\.kernel_table = "([^"]*)"', ir)
if not table:
    sys.exit("no rnn.kernel_table in " + sys.argv[1])
lines = [l for l in table.group(1).split("\\0A") if l]
entries = {}
for m in re.finditer(r"\.visible \.entry (\w+)\(([^)]*)\)\s*(\.maxntid ([0-9, ]+))?", ptx):
    params = re.findall(r"\.param \.(\w+) ", m.group(2))
    block = [int(x) for x in m.group(4).split(",")] if m.group(4) else None
    entries[m.group(1)] = (params, block)
for line in lines:
    fields = line.split()
    name, buffers = fields[0], int(fields[1])
    block = [int(x) for x in fields[2:5]]
    sizes = [int(x) for x in fields[5:]]
    if name not in entries:
        sys.exit(f"{name}: in the table, not in the PTX")
    params, maxntid = entries[name]
    if len(sizes) != buffers:
        sys.exit(f"{name}: {buffers} buffers, {len(sizes)} element sizes")
    if len(params) != 5 * (buffers + 1) or set(params) != {"u64"}:
        sys.exit(f"{name}: {len(params)} parameters ({set(params)}), "
                 f"the device passes {5 * (buffers + 1)} 64-bit ones")
    if maxntid is not None and maxntid + [1] * (3 - len(maxntid)) != block:
        sys.exit(f"{name}: .maxntid {maxntid}, the table's block {block}")
    print(f"{name}: {buffers} buffers, {len(params)} parameters, block {block[0]}x{block[1]}x{block[2]}")
if len(entries) != len(lines):
    sys.exit(f"{len(entries)} PTX entries, {len(lines)} in the table")
print(f"{len(lines)} kernels match")
