#!/usr/bin/env python3
"""compare-metrics.py A B KEY [TOLERANCE]: compares the value of KEY in
every epoch of two metrics files (JSON lines, one object per epoch) by
relative difference; prints each epoch's pair and exits 1 when the files
have different epochs or a pair differs by more than TOLERANCE (default
1e-5)."""
import json
import sys


def values(path, key):
    with open(path) as f:
        return [json.loads(line)[key] for line in f if line.strip()]


a, b = values(sys.argv[1], sys.argv[3]), values(sys.argv[2], sys.argv[3])
tolerance = float(sys.argv[4]) if len(sys.argv) > 4 else 1e-5
if len(a) != len(b) or not a:
    sys.exit(f"{len(a)} epochs against {len(b)}")
worst = 0.0
for epoch, (x, y) in enumerate(zip(a, b), 1):
    difference = abs(x - y) / max(abs(x), 1e-30)
    worst = max(worst, difference)
    print(f"epoch {epoch}: {x!r} {y!r} ({difference:.2e})")
print(f"max {worst:.2e}")
sys.exit(1 if worst > tolerance else 0)
